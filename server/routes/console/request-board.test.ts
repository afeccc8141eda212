/**
 * Issue 17, item 1: only open requests can be late. One rule (services/deadlines.ts) for the
 * list, the detail view, the counters, the numbers and the deadline digest.
 */
import { describe, expect, it } from 'vitest';
import type { RightsKind } from '../../../protocol/index.ts';
import { ConsoleStats } from '../../../protocol/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { SITE } from '../../testing.ts';
import { sha256Hex } from '../../util/crypto.ts';
import { AGENT, consoleTestApp } from './testing.ts';

const DAY = 24 * 60 * 60 * 1000;

interface Row { id: string; kind: string; status: string; open: boolean; daysLeft: number | null; overdue: boolean; dueSoon: boolean; name: string; email: string }
interface Board { requests: Row[]; counts: { open: number; overdue: number; dueSoon: number } }

describe.each(backends)('the request board on $name', (backend) => {
  async function setup() {
    const t = await consoleTestApp({ backend });
    let session = await t.signIn(AGENT);
    const newRequest = async (kind: RightsKind, who: string, dueInDays = 30) => {
      const id = crypto.randomUUID();
      await t.store.createRightsRequest({ id, site: SITE, tokenHash: sha256Hex(id), kind, lang: 'nb', name: `Navn ${who}`, email: `${who}@example.no`, details: {}, conversationId: null, receivedAt: t.now() });
      await t.store.markVerified(id, t.now(), new Date(t.now().getTime() + dueInDays * DAY), 'TS');
      return id;
    };
    const board = async (query = '') => (await (await t.request(`/console/api/requests${query}`, { session })).json()) as Board;
    const post = (id: string, path: string, body: unknown) => t.request(`/console/api/requests/${id}${path}`, { method: 'POST', body, session });
    /** Sessions end after 24 hours: the DPO signs in again on the day they look. */
    const later = async (ms: number) => {
      t.advance(ms);
      session = await t.signIn(AGENT);
    };
    return { ...t, session: () => session, newRequest, board, post, later };
  }

  it('never shows a completed or rejected request as overdue, 45 days on', async () => {
    const t = await setup();
    const late = await t.newRequest('access', 'sen');
    const done: string[] = [];
    for (const who of ['a', 'b', 'c', 'd']) {
      const id = await t.newRequest('access', who);
      expect((await t.post(id, '/status', { to: 'completed' })).status).toBe(200);
      done.push(id);
    }
    for (const who of ['e', 'f', 'g']) {
      const id = await t.newRequest('erasure', who);
      expect((await t.post(id, '/status', { to: 'rejected', reason: 'Bokføringsloven' })).status).toBe(200);
      done.push(id);
    }
    await t.later(45 * DAY);

    const { requests, counts } = await t.board();
    expect(requests).toHaveLength(8);
    expect(requests.find((r) => r.id === late)).toMatchObject({ open: true, overdue: true, daysLeft: -15 });
    for (const id of done) expect(requests.find((r) => r.id === id)).toMatchObject({ open: false, overdue: false, dueSoon: false, daysLeft: null });
    expect(counts).toEqual({ open: 1, overdue: 1, dueSoon: 0 });

    const detail = (await (await t.request(`/console/api/requests/${done[0]}`, { session: t.session() })).json()) as { request: Row };
    expect(detail.request).toMatchObject({ open: false, overdue: false, daysLeft: null });
  });

  it('filters by open, closed, overdue, due within a week and kind, and counts over all of them', async () => {
    const t = await setup();
    const overdue = await t.newRequest('access', 'over', -2);
    const soon = await t.newRequest('erasure', 'snart', 3);
    const later = await t.newRequest('access', 'senere', 20);
    const closed = await t.newRequest('erasure', 'lukket', 2);
    await t.post(closed, '/status', { to: 'completed' });
    const ids = async (q: string) => (await t.board(q)).requests.map((r) => r.id).sort();

    expect(await ids('?state=open')).toEqual([overdue, soon, later].sort());
    expect(await ids('?state=closed')).toEqual([closed]);
    expect(await ids('?state=overdue')).toEqual([overdue]);
    expect(await ids('?state=due-soon')).toEqual([soon]);
    expect(await ids('?kind=erasure')).toEqual([soon, closed].sort());
    expect(await ids('?state=open&kind=erasure')).toEqual([soon]);
    expect((await t.board('?kind=erasure')).counts).toEqual({ open: 3, overdue: 1, dueSoon: 1 });
    const row = (await t.board()).requests.find((r) => r.id === later)!;
    expect(row).toMatchObject({ name: 'Navn senere', email: 'senere@example.no', daysLeft: 20, dueSoon: false });
  });

  it('refuses an unknown filter with a 400 that names it', async () => {
    const t = await setup();
    const res = await t.request('/console/api/requests?state=late', { session: t.session() });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { path: string }[] };
    expect(body.issues[0]!.path).toBe('state');
  });

  it('counts open and overdue requests on the numbers page by the same rule', async () => {
    const t = await setup();
    for (let i = 0; i < 6; i += 1) await t.newRequest('access', `apen${i}`, -1);
    for (let i = 0; i < 5; i += 1) await t.post(await t.newRequest('access', `ferdig${i}`, -1), '/status', { to: 'completed' });
    const stats = ConsoleStats.parse(await (await t.request('/console/api/stats', { session: t.session() })).json());
    expect(stats.requests.find((r) => r.kind === 'access')).toMatchObject({ total: 10, completed: 5, open: 5, overdue: 5 });
  });
});
