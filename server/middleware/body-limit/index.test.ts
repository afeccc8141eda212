import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimit } from './index.ts';

const app = new Hono();
app.use('*', bodyLimit({ maxSize: 10, onError: (c) => c.json({ error: 'payload_too_large' }, 413) }));
app.all('/echo', async (c) => c.text(c.req.method === 'GET' ? 'get' : `got ${await c.req.text()}`));

const chunked = (text: string) => ({
  body: new ReadableStream({ start(controller) {
    controller.enqueue(new TextEncoder().encode(text));
    controller.close();
  } }),
  duplex: 'half',
}) as RequestInit;

describe('bodyLimit', () => {
  it('refuses a Content-Length over the limit without reading the body', async () => {
    const res = await app.request('/echo', { method: 'POST', headers: { 'Content-Length': '11' }, body: 'x'.repeat(11) });
    expect(res.status).toBe(413);
  });

  it('counts a body sent without a Content-Length', async () => {
    expect((await app.request('/echo', { method: 'POST', body: 'x'.repeat(11) })).status).toBe(413);
    expect(await (await app.request('/echo', { method: 'POST', body: 'x'.repeat(10) })).text()).toBe(`got ${'x'.repeat(10)}`);
  });

  it('lets a GET through', async () => {
    expect(await (await app.request('/echo')).text()).toBe('get');
  });

  describe('over a real socket', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = await new Promise<Server>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
    });
    afterAll(() => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }));

    it('passes a body within the limit, with a Content-Length', async () => {
      const res = await fetch(url, { method: 'POST', body: '0123456789' });
      expect(await res.text()).toBe('got 0123456789');
    });

    it('refuses a body over the limit, with a Content-Length', async () => {
      expect((await fetch(url, { method: 'POST', body: '0123456789a' })).status).toBe(413);
    });

    it('refuses a chunked body over the limit and passes one within it', async () => {
      expect((await fetch(url, { method: 'POST', ...chunked('0123456789a') })).status).toBe(413);
      expect(await (await fetch(url, { method: 'POST', ...chunked('0123') })).text()).toBe('got 0123');
    });
  });
});
