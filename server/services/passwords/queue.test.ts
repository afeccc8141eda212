import { describe, expect, it } from 'vitest';
import { createHashQueue } from './queue.ts';

/** A job that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, job: async () => opened };
}

describe('hash queue', () => {
  it('runs at most `concurrency` jobs and admits at most `maxQueued` more; the rest are turned away', async () => {
    const queue = createHashQueue({ concurrency: 1, maxQueued: 2 });
    const started: number[] = [];
    const gates = [gate(), gate(), gate()];
    const tickets = [queue.tryEnter(), queue.tryEnter(), queue.tryEnter()];
    expect(tickets.every(Boolean)).toBe(true);
    expect(queue.tryEnter()).toBeUndefined();
    const done = tickets.map((t, i) => t!.run(async () => {
      started.push(i);
      await gates[i]!.job();
      return i;
    }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0]);
    gates[0]!.open();
    expect(await done[0]).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    // A place freed by a finished job is open again.
    expect(queue.tryEnter()).toBeDefined();
    gates[1]!.open();
    gates[2]!.open();
    expect(await Promise.all(done)).toEqual([0, 1, 2]);
    expect(queue.retryAfterSeconds()).toBeGreaterThanOrEqual(1);
  });

  it('frees the place of a cancelled ticket and of a job that throws', async () => {
    const queue = createHashQueue({ concurrency: 1, maxQueued: 0 });
    queue.tryEnter()!.cancel();
    await expect(queue.tryEnter()!.run(async () => { throw new Error('scrypt failed'); })).rejects.toThrow('scrypt failed');
    expect(await queue.tryEnter()!.run(async () => 'ok')).toBe('ok');
  });

  it('names the option a wrong value is given for', () => {
    expect(() => createHashQueue({ concurrency: 0 })).toThrow(/concurrency/);
    expect(() => createHashQueue({ maxQueued: -1 })).toThrow(/maxQueued/);
  });
});
