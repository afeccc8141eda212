import { describe, expect, it } from 'vitest';
import { backends } from '../store/backends.testing.ts';
import { formEvent, SITE, testApp } from '../testing.ts';
import { registry } from './index.ts';

/** One series' value in the registry now (0 when it has not been touched): tests read differences. */
async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name.replace(/_(sum|count)$/, ''));
  const suffix = /_(sum|count)$/.exec(name)?.[0];
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number | undefined>; metricName?: string }[];
  const series = values.filter((v) => (suffix ? v.metricName === name : true) && Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return series.reduce((sum, v) => sum + v.value, 0);
}

describe.each(backends)('/metrics on $name', (backend) => {
  it('refuses without the admin token, and shows a consent write\'s counters with it', async () => {
    const t = await testApp({ backend });
    const before = {
      committed: await value('samtykke_consent_events_written_total', { result: 'committed' }),
      groups: await value('samtykke_group_commit_size_count'),
      posts: await value('samtykke_http_request_duration_seconds_count', { method: 'POST', route: '/v1/events', status: '200' }),
      refusals: await value('samtykke_http_request_duration_seconds_count', { method: 'GET', route: '/metrics', status: '401' }),
    };
    const refused = await t.app.request('/metrics');
    expect(refused.status).toBe(401);
    expect((await refused.json()) as object).toMatchObject({ error: 'unauthorized', requestId: refused.headers.get('x-request-id') });
    expect((await t.app.request('/metrics', { headers: { Authorization: 'Bearer at_not_a_token' } })).status).toBe(401);

    const res = await t.postEvents({ site: SITE, events: [formEvent(t.textHash), formEvent(t.textHash)] });
    expect(res.status).toBe(200);

    const token = await t.store.createAdminToken('prometheus');
    const scraped = await t.app.request('/metrics', { headers: { Authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await scraped.text();
    for (const name of ['samtykke_consent_events_written_total', 'samtykke_group_commit_size', 'samtykke_http_request_duration_seconds', 'samtykke_chain_lock_wait_seconds', 'samtykke_mail_deliveries_total', 'samtykke_webhook_deliveries_total', 'samtykke_job_runs_total', 'samtykke_process_cpu_seconds_total']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(await value('samtykke_consent_events_written_total', { result: 'committed' })).toBe(before.committed + 2);
    expect(await value('samtykke_group_commit_size_count')).toBeGreaterThan(before.groups);
    expect(await value('samtykke_http_request_duration_seconds_count', { method: 'POST', route: '/v1/events', status: '200' })).toBe(before.posts + 1);
    expect(await value('samtykke_http_request_duration_seconds_count', { method: 'GET', route: '/metrics', status: '401' })).toBe(before.refusals + 2);
    if (backend.name === 'postgres') expect(await value('samtykke_chain_lock_wait_seconds_count')).toBeGreaterThan(0);
  });
});

describe('request ids', () => {
  it('answers every request with an X-Request-Id, puts it in error bodies, and keeps a well-formed one the caller sent', async () => {
    const t = await testApp();
    const missing = await t.app.request('/no/such/thing');
    expect(missing.status).toBe(404);
    const id = missing.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await missing.json()).toEqual({ error: 'not_found', message: 'Nothing here.', requestId: id });
    const bad = await t.postEvents('{not json');
    expect(((await bad.json()) as { requestId?: string }).requestId).toBe(bad.headers.get('x-request-id'));

    expect((await t.app.request('/health/live', { headers: { 'X-Request-Id': 'lb-7f3a_2' } })).headers.get('x-request-id')).toBe('lb-7f3a_2');
    // Anything else is replaced: it ends up in log lines, so it must be short and plain.
    for (const sent of ['two words', 'x'.repeat(65), 'a\u00e6b']) {
      expect((await t.app.request('/health/live', { headers: { 'X-Request-Id': sent } })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
