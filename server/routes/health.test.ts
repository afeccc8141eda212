import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { silentLogger } from '../log.ts';
import { backends, withSql, type TestStore } from '../store/backends.testing.ts';

const appOn = (t: TestStore, readyTimeoutMs?: number) =>
  createApp({ store: t.store, clock: () => new Date(), log: silentLogger, config: { trustProxy: false, publicUrl: 'http://localhost:8787', ...(readyTimeoutMs ? { readyTimeoutMs } : {}) } });

async function expectOutage(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(res.headers.get('cache-control')).toBe('no-store');
  // The API's own answer while the database is away, with the request's id.
  expect(await res.json()).toEqual({ error: 'storage_unavailable', message: 'The database cannot be reached just now; try again shortly.', requestId: res.headers.get('x-request-id') });
}

describe.each(backends)('health checks on $name', (backend) => {
  it('answers live, ready and the old /health while the database answers', async () => {
    const app = appOn(await backend.open());
    for (const path of ['/health/live', '/health/ready', '/health']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ ok: true });
    }
  });

  it('is not ready once the database is gone, and still live', async () => {
    const t = await backend.open();
    const app = appOn(t);
    await t.store.close();
    await expectOutage(await app.request('/health/ready'));
    await expectOutage(await app.request('/health'));
    expect((await app.request('/health/live')).status).toBe(200);
  });
});

describe('health checks on postgres, a database that does not answer in time', () => {
  it('answers 503 when the query waits past the timeout, and 200 once it runs again', async () => {
    const postgres = backends.find((b) => b.name === 'postgres')!;
    const t = await postgres.open();
    const app = appOn(t, 300);
    expect((await app.request('/health/ready')).status).toBe(200);
    await withSql(t, async (sql) => {
      const held = sql.begin(async (tx) => {
        // Another session holds the table the probe reads: the probe's query waits on it.
        await tx`LOCK TABLE admin_tokens IN ACCESS EXCLUSIVE MODE`;
        await expectOutage(await app.request('/health/ready'));
      });
      await held;
    });
    expect((await app.request('/health/ready')).status).toBe(200);
  });
});
