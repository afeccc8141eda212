import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsentEvent, OutboxItem } from '../../protocol/index.ts';
import { fakeServer } from '../../test/fixtures/fake-server.ts';
import { resetBrowser } from '../../test/fixtures/widget-page.ts';
import { JOURNAL_KEY, PENDING_KEY } from '../boot/context.ts';
import { uuidv7 } from '../util/index.ts';
import { createOutbox, journalItems, type Outbox } from './index.ts';

function item(n: number): OutboxItem {
  const id = uuidv7(Date.now() + n);
  const payload = { id, kind: 'form-consent', subject: { email: `p${n}@example.no` } } as unknown as ConsentEvent;
  return { id, api: 'https://samtykke.example', site: 'pk_demo_nettfokus', kind: 'consent-event', payload, createdAt: Date.now() + n };
}

describe('the outbox', () => {
  let boxes: Outbox[] = [];
  const open = (options: Parameters<typeof createOutbox>[0] = {}) => {
    const box = createOutbox({ firstRetryMs: 60_000, ...options });
    boxes.push(box);
    return box;
  };
  beforeEach(() => localStorage.clear());
  afterEach(async () => {
    for (const box of boxes) {
      await box.settled();
      box.stop();
    }
    boxes = [];
    await resetBrowser();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('keeps a choice while the server is down and delivers it once when it is back', async () => {
    const server = fakeServer({ down: true });
    const box = open();
    await box.enqueue(item(1));
    expect(await box.size()).toBe(1);
    expect(localStorage.getItem(PENDING_KEY)).toBe('1');
    server.down = false;
    await box.flush();
    await box.flush();
    expect(server.received).toHaveLength(1);
    expect(await box.size()).toBe(0);
    expect(localStorage.getItem(PENDING_KEY)).toBeNull();
  });

  it('writes the journal before the first await, so an unloading page keeps the choice', () => {
    fakeServer({ down: true });
    const box = open();
    const first = item(1);
    void box.enqueue(first);
    // Nothing has been awaited yet: this is what survives a navigation in the next task.
    expect(journalItems().map((i) => i.id)).toEqual([first.id]);
  });

  it('sends what an earlier page left in the journal, oldest first, in small batches', async () => {
    const server = fakeServer();
    const left = Array.from({ length: 25 }, (_, n) => item(n));
    localStorage.setItem(JOURNAL_KEY, JSON.stringify(left));
    const box = open({ batchSize: 10 });
    await box.flush();
    expect(server.received.map((e) => e.id)).toEqual(left.map((i) => i.id));
    expect(server.posts).toBe(3);
    expect(journalItems()).toEqual([]);
    expect(await box.size()).toBe(0);
  });

  it('counts on the server for exactly-once: a resend of an acknowledged id is not stored again', async () => {
    const server = fakeServer();
    const one = item(1);
    const box = open();
    await box.enqueue(one);
    localStorage.setItem(JOURNAL_KEY, JSON.stringify([one]));
    await box.flush();
    expect(server.received).toHaveLength(1);
    expect(await box.size()).toBe(0);
  });

  it('drops an event the server refuses for good, and warns, but keeps the rest', async () => {
    const bad = item(1);
    const good = item(2);
    vi.stubGlobal('fetch', vi.fn(async () =>
      Response.json({ acked: [{ id: good.id, receiptId: good.id, replay: false }], rejected: [{ id: bad.id, error: 'invalid_body', message: 'subject.email: must be an email address' }] }),
    ));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    localStorage.setItem(JOURNAL_KEY, JSON.stringify([bad, good]));
    const box = open();
    await box.flush();
    expect(await box.size()).toBe(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('invalid_body'));
  });

  it('keeps the evidence when the server refuses the whole site (a setting to fix), and retries later', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ error: 'origin_not_allowed', message: 'Origin https://x is not allowed' }, { status: 403 })));
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const box = open();
    await box.enqueue(item(1));
    expect(await box.size()).toBe(1);
  });

  it('retries with backoff after a network failure', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const server = fakeServer({ down: true });
      const box = open({ firstRetryMs: 1000 });
      await box.enqueue(item(1));
      server.down = false;
      await vi.advanceTimersByTimeAsync(2000);
      await box.settled();
      expect(server.received).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
