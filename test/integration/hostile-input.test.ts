/**
 * Hostile input against every public and staff endpoint: property-based bodies (fast-check, with
 * arbitraries written by hand, as no maintained zod-4 bridge exists) and a list of known-nasty
 * cases. Every answer must be 2xx, or 4xx with the JSON error shape; never a 5xx. It runs on each
 * storage backend, since what one database stores without a murmur another refuses (PostgreSQL
 * text holds no NUL). The short variant runs in `npm test`; HOSTILE_RUNS=10000 (or more) is the
 * full run, per backend.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chatTestApp, messageId, SITE } from '../../server/routes/chat-testing.ts';
import { CONSOLE_ROUTES } from '../../server/routes/console/routes.ts';
import { CONSOLE_ORIGIN, consoleTestApp, OWNER } from '../../server/routes/console/testing.ts';
import { backends } from '../../server/store/backends.testing.ts';
import { cookieEvent, formEvent } from '../../server/testing.ts';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 2500);

const nasty: unknown[] = [
  null,
  0,
  -1,
  1e308,
  true,
  '',
  'x'.repeat(70_000),
  "' OR 1=1; DROP TABLE consent_events; --",
  'Robert"); DELETE FROM subjects; --',
  '\ud800',
  '\udfff\ud800',
  'a\u0000b',
  '\u0001\u001b[31m\u007f',
  'a\tb\nc\r\n',
  '\ud83d',
  '\ud83d\ude00',
  '\u202e\u200b\ufeff',
  'kari@example.no\r\nBcc: all@example.no',
  'X-Injected: yes\r\n\r\n<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '%00%2e%2e',
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  [],
  [[[[[[[[[[[]]]]]]]]]]],
  {},
];

/** The strings above: each goes into every string field and path id in turn (`sweep`). */
const nastyText = nasty.filter((v): v is string => typeof v === 'string' && v.length < 1000);

/** A JSON value nested far deeper than any schema allows. */
const deep = (n: number): unknown => (n ? { a: deep(n - 1) } : 'bottom');

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(...nasty.filter((v): v is string => typeof v === 'string')),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue() },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(...nasty) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }).map(deep) },
);

interface Target {
  method: string;
  path: (ids: Ids) => string;
  /** A body the endpoint accepts, so mutations of it reach past the first check. */
  valid?: (ids: Ids) => Record<string, unknown>;
  /** Who may call it: the sweep sends as this caller, so its bodies reach the store. @default 'none' */
  caller?: 'visitor' | 'staff' | 'site';
}
interface Ids {
  conversation: string;
  token: string;
  request: string;
  requestToken: string;
  textHash: string;
  site: string;
}

const targets: Target[] = [
  { method: 'POST', path: () => '/v1/events', valid: (ids) => ({ site: SITE, events: [formEvent(ids.textHash)] }) },
  { method: 'POST', path: () => '/v1/events', valid: (ids) => ({ site: SITE, events: [cookieEvent(ids.textHash, crypto.randomUUID())] }) },
  { method: 'GET', path: () => `/v1/sites/${SITE}/config?lang=nb` },
  { method: 'POST', path: () => `/v1/sites/${SITE}/answers`, valid: () => ({ lang: 'nb', question: 'hvor lenge lagrer dere data' }) },
  { method: 'POST', path: () => '/v1/conversations', valid: () => ({ site: SITE, lang: 'nb' }) },
  { method: 'POST', path: (ids) => `/v1/conversations/${ids.conversation}/messages`, valid: () => ({ id: messageId(), text: 'hei', toPerson: false }), caller: 'visitor' },
  { method: 'POST', path: (ids) => `/v1/conversations/${ids.conversation}/handover`, valid: () => ({ email: 'kari@example.no' }), caller: 'visitor' },
  { method: 'GET', path: (ids) => `/v1/conversations/${ids.conversation}/messages?after=0`, caller: 'visitor' },
  { method: 'POST', path: () => '/v1/requests', valid: () => ({ site: SITE, lang: 'nb', request: { kind: 'erasure', name: 'Kari', email: 'kari@example.no' } }) },
  { method: 'POST', path: () => '/v1/requests', valid: () => ({ site: SITE, lang: 'nb', request: { kind: 'rectification', name: 'Kari', email: 'kari@example.no', correction: 'Ny adresse' } }) },
  { method: 'POST', path: (ids) => `/v1/requests/${ids.request}/verify`, valid: () => ({ code: '123456' }), caller: 'visitor' },
  { method: 'GET', path: (ids) => `/v1/requests/${ids.request}`, caller: 'visitor' },
  { method: 'POST', path: (ids) => `/v1/requests/${ids.request}/resend`, caller: 'visitor' },
  { method: 'POST', path: () => '/demo/thanks' },
  // The site's backend with its secret key; hostile site keys in the path, and hostile ETags.
  { method: 'GET', path: (ids) => `/v1/sites/${ids.site}/marketing-list`, caller: 'site' },
  { method: 'GET', path: () => '/admin/v1/consents?email=kari@example.no', caller: 'staff' },
  { method: 'GET', path: () => '/admin/v1/conversations', caller: 'staff' },
  { method: 'POST', path: (ids) => `/admin/v1/conversations/${ids.conversation}/messages`, valid: () => ({ text: 'Hei!' }), caller: 'staff' },
  { method: 'GET', path: () => '/admin/v1/requests', caller: 'staff' },
];

/** The heap after a full collection (gc exposed at run time, so no test-runner flag is needed). */
function settledHeap(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

/** Percent-encodes, and puts the bytes of a lone surrogate (invalid UTF-8) where one stands. */
const hostileEncode = (value: string) => value.split(/[\ud800-\udfff]/).map(encodeURIComponent).join('%ED%A0%80');

/** Every string in a body, and a copy of the body with it set to another value. */
function stringSlots(body: Record<string, unknown>): Array<{ value: string; set: (value: string) => Record<string, unknown> }> {
  const slots: Array<{ value: string; set: (value: string) => Record<string, unknown> }> = [];
  const walk = (node: unknown, path: string[]) => {
    if (typeof node === 'string') {
      slots.push({ value: node, set: (value) => {
        const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
        const parent = path.slice(0, -1).reduce((n, k) => (n as Record<string, unknown>)[k], copy as unknown) as Record<string, unknown>;
        parent[path.at(-1)!] = value;
        return copy;
      } });
    } else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(body, []);
  return slots;
}

/** Replaces one value somewhere in a valid body, or adds a key it does not expect. */
function mutate(body: Record<string, unknown>, pathPick: number, value: unknown, addKey: string | undefined): unknown {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const slots: Array<[Record<string, unknown>, string]> = [];
  const walk = (node: unknown) => {
    if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) (slots.push([node as Record<string, unknown>, k]), walk(v));
  };
  walk(copy);
  if (addKey !== undefined) copy[addKey] = value;
  else if (slots.length) {
    const [parent, key] = slots[pathPick % slots.length]!;
    parent[key] = value;
  }
  return copy;
}

describe.each(backends)('hostile input on $name', (backend) => {
  it(`answers ${RUNS}+ hostile requests with 2xx or a JSON 4xx, never a 5xx`, async () => {
    const t = await chatTestApp({ backend });
    const { store, app, state, asStaff } = t;
    const textHash = await store.putNoticeText('Ja takk. [Les mer](https://shop.example.no/personvern)', 'nb');
    const convo = await t.openConversation();
    const created = await t.call('POST', '/v1/requests', { site: SITE, lang: 'nb', request: { kind: 'access', name: 'Ola', email: 'ola@example.no' } });
    const request = (await created.json()) as { id: string; token: string };
    const ids: Ids = { conversation: convo.id, token: convo.token, request: request.id, requestToken: request.token, textHash, site: SITE };
    const byStatus = new Map<number, number>();
    const fivexx: string[] = [];
    let sent = 0;
    const heapBefore = settledHeap();

    const send = async (target: Target, body: string | undefined, contentType: string, auth: 'visitor' | 'staff' | 'site' | 'wrong' | 'none', pathIds = ids, ifNoneMatch?: string) => {
      // A new client address each time, so per-address rate limits do not hide the deeper code.
      state.client = `198.51.100.${sent % 250}`;
      const headers: Record<string, string> = { Origin: 'https://shop.example.no', 'Content-Type': contentType };
      if (auth === 'staff') Object.assign(headers, asStaff);
      if (auth === 'site') headers.Authorization = `Bearer ${t.siteSecret}`;
      if (ifNoneMatch !== undefined) headers['If-None-Match'] = ifNoneMatch;
      if (auth === 'visitor') headers.Authorization = `Bearer ${target.path(ids).includes('/requests/') ? ids.requestToken : ids.token}`;
      // CR/LF cannot even be put into a header by a client (Headers refuses it); Node's parser refuses it on the wire.
      if (auth === 'wrong') headers.Authorization = "Bearer ' OR 1=1 -- \u00e6\u00f8\u00e5";
      const res = await app.request(target.path(pathIds), { method: target.method, headers, ...(target.method === 'GET' ? {} : { body }) });
      sent++;
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      if (res.status >= 500) fivexx.push(`${target.method} ${target.path(pathIds)} ${res.status} ${(body ?? '').slice(0, 120)}`);
      if (res.status >= 400) {
        const json = (await res.json().catch(() => undefined)) as { error?: unknown; message?: unknown } | undefined;
        expect(typeof json?.error, `${target.method} ${target.path(pathIds)} ${res.status}`).toBe('string');
        expect(typeof json?.message).toBe('string');
      } else await res.arrayBuffer();
    };

    const property = fc.asyncProperty(
      fc.integer({ min: 0, max: targets.length - 1 }),
      fc.nat(),
      hostileValue,
      fc.option(fc.constantFrom('__proto__', 'constructor', 'extra', 'site', 'id'), { nil: undefined }),
      fc.constantFrom('application/json', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', ''),
      fc.constantFrom('visitor', 'staff', 'site', 'wrong', 'none'),
      fc.boolean(),
      async (ti, pathPick, value, addKey, contentType, auth, raw) => {
        const target = targets[ti]!;
        const body = target.valid && !raw ? JSON.stringify(mutate(target.valid(ids), pathPick, value, addKey)) : typeof value === 'string' ? value : JSON.stringify(value);
        await send(target, body, contentType, auth as 'visitor');
      },
    );
    await fc.assert(property, { numRuns: RUNS });

    // The sweep: each nasty string in place of, and after, every string of every valid body (so a
    // URL stays a URL), and in place of every id in a path. Random mutation seldom lands a NUL or a
    // lone surrogate in a field that reaches the database with the rest of the body valid.
    for (const target of targets) {
      for (const text of nastyText) {
        for (const slot of target.valid ? stringSlots(target.valid(ids)) : []) {
          await send(target, JSON.stringify(slot.set(text)), 'application/json', target.caller ?? 'none');
          await send(target, JSON.stringify(slot.set(slot.value + text)), 'application/json', target.caller ?? 'none');
        }
        const hostileIds = { ...ids, conversation: hostileEncode(text), request: hostileEncode(text), site: hostileEncode(text) };
        if (target.path(hostileIds) !== target.path(ids)) await send(target, target.valid ? JSON.stringify(target.valid(ids)) : undefined, 'application/json', target.caller ?? 'none', hostileIds);
        // Header values cannot hold CR, LF or NUL (Headers refuses them), nor anything beyond Latin-1.
        if (target.method === 'GET' && !/[\0\r\n]|[^\u0000-\u00ff]/.test(text)) await send(target, undefined, 'application/json', target.caller ?? 'none', ids, text);
      }
    }

    // The classics, against every endpoint.
    for (const target of targets) {
      for (const body of ['{', '{"a":', 'null', '[]', '"\\ud800"', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), '['.repeat(100_000), '{"__proto__":{"x":1}}', 'x'.repeat(70 * 1024)]) {
        await send(target, body, 'application/json', 'visitor');
      }
    }

    const heapAfter = settledHeap();
    const counts = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ');
    const chain = await store.verifyChain(SITE);
    console.log(`hostile input (${backend.name}): ${sent} requests; by status ${counts}; heap ${(heapBefore / 2 ** 20).toFixed(0)} → ${(heapAfter / 2 ** 20).toFixed(0)} MiB; chain ${chain.ok ? 'ok' : 'BROKEN'} (${chain.count} records)`);
    expect(fivexx).toEqual([]);
    // Memory back near where it started once garbage is collected: nothing a request left behind piles up.
    expect(heapAfter - heapBefore).toBeLessThan(64 * 2 ** 20);
    // Still alive and answering, and whatever was accepted is stored as it was hashed.
    expect((await app.request('/health')).status).toBe(200);
    expect(chain).toMatchObject({ ok: true });
    expect(sent).toBeGreaterThanOrEqual(RUNS);
  }, 300_000);
  it(`answers hostile requests to every console API route with 2xx or a JSON 4xx, signed in or not`, async () => {
    const t = await consoleTestApp({ backend });
    const owner = await t.signIn(OWNER);
    // Logging out would end the session the rest relies on; the event stream never ends by itself.
    const routes = CONSOLE_ROUTES.filter((r) => !r.path.endsWith('/logout') && !r.path.endsWith('/events'));
    routes.push({ method: 'POST', path: '/console/api/login', body: OWNER });
    const byStatus = new Map<number, number>();
    const fivexx: string[] = [];
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: routes.length - 1 }),
        fc.nat(),
        hostileValue,
        fc.option(fc.constantFrom('__proto__', 'constructor', 'extra'), { nil: undefined }),
        fc.constantFrom('session', 'none', 'no-csrf'),
        hostileString,
        async (ri, pick, value, addKey, auth, queryValue) => {
          const route = routes[ri]!;
          const headers: Record<string, string> = { Origin: CONSOLE_ORIGIN, 'Content-Type': 'application/json' };
          if (auth !== 'none') headers.Cookie = owner.cookie;
          if (auth === 'session') headers['X-CSRF-Token'] = owner.csrf;
          // Hostile query values too, for the searches and exports.
          const path = route.path.includes('?') ? `${route.path}&q=${hostileEncode(queryValue)}` : `${route.path}?email=${hostileEncode(queryValue)}`;
          const body = route.method === 'GET' ? undefined : JSON.stringify(route.body && typeof route.body === 'object' ? mutate(route.body as Record<string, unknown>, pick, value, addKey) : value);
          const res = await t.app.request(path, { method: route.method, headers, ...(body === undefined ? {} : { body }) });
          sent++;
          byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
          if (res.status >= 500) fivexx.push(`${route.method} ${path} ${res.status} ${(body ?? '').slice(0, 120)}`);
          if (res.status >= 400) {
            const json = (await res.json().catch(() => undefined)) as { error?: unknown; message?: unknown } | undefined;
            expect(typeof json?.error, `${route.method} ${route.path} ${res.status}`).toBe('string');
            expect(typeof json?.message).toBe('string');
          } else await res.arrayBuffer();
        },
      ),
      { numRuns: Math.max(500, Math.round(RUNS / 2)) },
    );
    const counts = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ');
    console.log(`hostile input, console API (${backend.name}): ${sent} requests; by status ${counts}`);
    expect(fivexx).toEqual([]);
  }, 300_000);
});
