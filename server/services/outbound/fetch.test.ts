import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundGuard, OutboundError, type OutboundErrorCode } from './index.ts';

/** A real TCP listener on loopback that counts every connection, whatever is sent on it. */
async function listener(handler?: http.RequestListener) {
  const server = handler ? http.createServer(handler) : net.createServer((s) => s.destroy());
  let connections = 0;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  open.push(server);
  return { port, connections: () => connections };
}
const open: net.Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function refusal(promise: Promise<unknown>): Promise<OutboundErrorCode> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OutboundError);
  return (error as OutboundError).code;
}

const testGuard = (over = {}) => createOutboundGuard({ allowPrivateNetworks: true, allowHttp: true, ...over });

describe('guardedFetch', () => {
  it('never connects to a loopback listener, whatever the spelling', async () => {
    const target = await listener();
    const guard = createOutboundGuard({ allowHttp: true });
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '0x7f000001', '2130706433', '127.1', '0177.0.0.1', 'localhost']) {
      expect(await refusal(guard.fetch(`http://${host}:${target.port}/hook`, { method: 'POST', body: '{}' })), host).toBe('target_not_public');
    }
    expect(target.connections()).toBe(0);
  });

  it('refuses a name when any of its addresses is private, and asks the resolver once', async () => {
    const target = await listener();
    const asked: string[] = [];
    const guard = createOutboundGuard({
      allowHttp: true,
      resolve: async (host) => {
        asked.push(host);
        return [{ address: '93.184.215.14', family: 4 }, { address: '127.0.0.1', family: 4 }];
      },
    });
    const error = await guard.fetch(`http://hooks.example.no:${target.port}/`).catch((e: OutboundError) => e);
    expect(error).toMatchObject({ code: 'target_not_public', message: expect.stringContaining('resolves to 127.0.0.1') });
    expect(asked).toEqual(['hooks.example.no']);
    expect(target.connections()).toBe(0);
  });

  it('connects to the address it checked, keeping the name in Host', async () => {
    let host: string | undefined;
    const target = await listener((req, res) => {
      host = req.headers.host;
      res.end('ok');
    });
    let lookups = 0;
    const guard = testGuard({ resolve: async () => (lookups += 1, [{ address: '127.0.0.1', family: 4 }]) });
    const res = await guard.fetch(`http://receiver.example.no:${target.port}/hook`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect(res).toMatchObject({ status: 200, ok: true, redirect: false });
    expect(res.text()).toBe('ok');
    expect(host).toBe(`receiver.example.no:${target.port}`);
    expect(lookups).toBe(1);
  });

  it('speaks TLS to the checked address with the name as SNI and Host, and checks the certificate against the name', async () => {
    const fixture = (f: string) => fs.readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
    const seen: { sni?: string; host?: string } = {};
    const server = https.createServer({ key: fixture('receiver.key'), cert: fixture('receiver.crt') }, (req, res) => {
      seen.sni = (req.socket as unknown as { servername?: string }).servername;
      seen.host = req.headers.host;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push(server);
    const { port } = server.address() as AddressInfo;
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const guard = createOutboundGuard({ allowPrivateNetworks: true, resolve, ca: fixture('receiver.crt') });
    expect((await guard.fetch(`https://receiver.example.no:${port}/hook`)).text()).toBe('ok');
    expect(seen).toEqual({ sni: 'receiver.example.no', host: `receiver.example.no:${port}` });
    // The same address under another name: the certificate does not match it, so nothing is sent.
    expect(await refusal(createOutboundGuard({ allowPrivateNetworks: true, resolve, ca: fixture('receiver.crt') }).fetch(`https://other.example.no:${port}/hook`))).toBe('network_error');
  });

  it('returns a redirect as a failure and does not follow it', async () => {
    const elsewhere = await listener((_req, res) => res.end('followed'));
    const target = await listener((_req, res) => {
      res.writeHead(302, { Location: `http://127.0.0.1:${elsewhere.port}/` });
      res.end();
    });
    const res = await testGuard().fetch(`http://127.0.0.1:${target.port}/`);
    expect(res).toMatchObject({ status: 302, ok: false, redirect: true, headers: { location: `http://127.0.0.1:${elsewhere.port}/` } });
    expect(elsewhere.connections()).toBe(0);
  });

  it('refuses a body over the cap, declared or streamed', async () => {
    const declared = await listener((_req, res) => res.end('x'.repeat(2000)));
    const streamed = await listener((_req, res) => {
      res.write('x'.repeat(600));
      res.end('x'.repeat(600));
    });
    expect(await refusal(testGuard().fetch(`http://127.0.0.1:${declared.port}/`, { maxBytes: 1000 }))).toBe('response_too_large');
    expect(await refusal(testGuard().fetch(`http://127.0.0.1:${streamed.port}/`, { maxBytes: 1000 }))).toBe('response_too_large');
    expect((await testGuard().fetch(`http://127.0.0.1:${declared.port}/`, { maxBytes: 2000 })).body.length).toBe(2000);
  });

  it('gives up on a target that never answers', async () => {
    const silent = await listener(() => undefined);
    expect(await refusal(testGuard().fetch(`http://127.0.0.1:${silent.port}/`, { timeoutMs: 200 }))).toBe('timeout');
  });

  it('takes https only unless the guard allows http', async () => {
    const target = await listener((_req, res) => res.end());
    expect(await refusal(createOutboundGuard({ allowPrivateNetworks: true }).fetch(`http://127.0.0.1:${target.port}/`))).toBe('scheme_not_allowed');
    expect(target.connections()).toBe(0);
  });

  it('names a name that does not resolve', async () => {
    const guard = createOutboundGuard({ resolve: async () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' })) });
    const error = await guard.fetch('https://nowhere.example.no/').catch((e: OutboundError) => e);
    expect(error).toMatchObject({ code: 'dns_failed', message: expect.stringContaining('ENOTFOUND') });
  });
});
