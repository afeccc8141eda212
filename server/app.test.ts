import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { silentLogger } from './log.ts';
import { staticRoutes } from './static.ts';
import { formEvent, ORIGIN, SITE, testAppsClosedAfterEach } from './testing.ts';

const openApp = testAppsClosedAfterEach();
function setup() {
  const t = openApp();
  return t;
}

describe('createApp', () => {
  it('refuses to build without a store, naming it', () => {
    expect(() => createApp({ clock: () => new Date(), log: silentLogger, config: { trustProxy: false, publicUrl: 'http://x' } } as never)).toThrow(
      /deps\.store/,
    );
  });

  it('answers /health', async () => {
    const { app } = await setup();
    expect(await (await app.request('/health')).json()).toEqual({ ok: true });
  });

  it('sets security headers and lets other sites load public responses', async () => {
    const { app } = await setup();
    const res = await app.request('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('lets the demo pages frame the demo’s embed page once it is allowed, and frames nothing else (issue 18)', async () => {
    const { store } = await setup();
    const app = createApp({ store, clock: () => new Date(), log: silentLogger, config: { trustProxy: false, publicUrl: 'http://x' }, assets: staticRoutes({ widgetDir: 'dist/widget', demoDir: 'demo' }) });
    const embed = await app.request('/assets/video.html');
    expect(embed.status).toBe(200);
    expect(embed.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect((await app.request('/kontakt.html')).headers.get('x-frame-options')).toBe('DENY');
    expect((await app.request('/health')).headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves the demo’s favicon, so no page logs a 404 for it (issue 18)', async () => {
    const { store } = await setup();
    const app = createApp({ store, clock: () => new Date(), log: silentLogger, config: { trustProxy: false, publicUrl: 'http://x' }, assets: staticRoutes({ widgetDir: 'dist/widget', demoDir: 'demo' }) });
    const res = await app.request('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    // An ICO header: reserved 0, type 1 (icon), at least one image.
    const head = new DataView(await res.arrayBuffer());
    expect([head.getUint16(0, true), head.getUint16(2, true), head.getUint16(4, true) > 0]).toEqual([0, 1, true]);
  });

  it('answers unknown paths with 404 JSON', async () => {
    const { app } = await setup();
    const res = await app.request('/v1/nothing');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  });

  it('allows a preflight from any registered origin and no other', async () => {
    const { app } = await setup();
    const preflight = (origin: string) =>
      app.request('/v1/events', { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
    const ok = await preflight(ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE');
    expect(ok.headers.get('access-control-allow-headers')).toBe('Content-Type, Authorization');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reflects the origin on a validation error, so the widget can read why', async () => {
    const { postEvents, textHash } = await setup();
    const res = await postEvents({ site: SITE, events: [formEvent(textHash, { basis: 'nope' as never })] });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('answers no 5xx to any malformed input we could think of', async () => {
    const { app, postEvents, textHash, logs } = await setup();
    const event = formEvent(textHash);
    const bodies: unknown[] = [
      '', 'null', '[]', '"x"', '1e999', '{"site":null}', { site: SITE }, { site: SITE, events: 'x' }, { site: SITE, events: [null] },
      { site: SITE, events: [1, 'a', [], {}] }, { site: SITE, events: Array(21).fill(event) }, { site: 'x'.repeat(81), events: [event] },
      { site: SITE, events: [{ ...event, id: 'not-a-uuid' }] }, { site: SITE, events: [{ ...event, extra: 1 }] },
      { site: SITE, events: [{ ...event, purposes: [] }] }, { site: SITE, events: [{ ...event, notice: null }] },
      { site: SITE, events: [{ ...event, collection: { ...event.collection, clientTime: 'yesterday' } }] },
      { site: SITE, events: [{ ...event, id: { toString: 1 } }] }, { site: SITE, events: [event], more: 1 },
      { __proto__: { site: SITE }, events: [event] }, '{"site":"' + SITE + '","events":[{"__proto__":{"x":1}}]}',
      '\u0000', '{"site":"\ud800"}',
    ];
    for (const body of bodies) {
      const res = await postEvents(body);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      const json = await res.json();
      expect(typeof json.error === 'string' || Array.isArray(json.acked), JSON.stringify(body)).toBe(true);
    }
    const odd = [
      app.request('/v1/sites/%E0%A4%A/config'),
      app.request(`/v1/sites/${'a'.repeat(5000)}/config`),
      app.request('/admin/v1/consents?email=%00', { headers: { Authorization: 'Bearer \u00ff' } }),
      app.request('/v1/events', { method: 'POST' }),
      app.request('/v1/events', { method: 'GET' }),
      app.request('/demo/thanks', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: 'garbage' }),
      app.request('/demo/thanks', { method: 'POST', body: 'x' }),
    ];
    for (const [i, res] of (await Promise.all(odd)).entries()) expect(res.status, `odd request ${i}`).toBeLessThan(500);
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('POST /demo/thanks', () => {
  it('lists the fields the site’s backend received, escaped', async () => {
    const { app } = await setup();
    const form = new URLSearchParams({ navn: '<b>Kari</b>', samtykke_marketing: 'granted', samtykke_receipt: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b' });
    const res = await app.request('/demo/thanks', { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('&lt;b&gt;Kari&lt;/b&gt;');
    expect(html).not.toContain('<b>Kari</b>');
    expect(html).toMatch(/samtykke_marketing<\/code><\/th><td>granted/);
    expect(html).toContain('0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b');
  });
});
