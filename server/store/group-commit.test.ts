import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

describe('createGroupCommit', () => {
  it('runs calls from the same tick as one group and hands each caller its own slice', async () => {
    const groups: number[][] = [];
    const group = createGroupCommit<number, string>({
      commit: (items) => (groups.push(items), items.map((n) => `ok ${n}`)),
      failed: (n) => `failed ${n}`,
    });
    const [a, b] = await Promise.all([group.submit([1, 2]), group.submit([3])]);
    expect(a).toEqual(['ok 1', 'ok 2']);
    expect(b).toEqual(['ok 3']);
    expect(groups).toEqual([[1, 2, 3]]);
    await group.submit([4]);
    expect(groups).toHaveLength(2);
  });

  it('answers every caller with a failure when the whole transaction fails', async () => {
    const group = createGroupCommit<number, string>({
      commit: () => {
        throw new Error('SQLITE_BUSY');
      },
      failed: (n) => `failed ${n}`,
    });
    await expect(Promise.all([group.submit([1]), group.submit([2])])).resolves.toEqual([['failed 1'], ['failed 2']]);
  });
});

describe('createGroupCommit with an asynchronous commit', () => {
  it('keeps one transaction in flight and puts what arrives meanwhile into the next group', async () => {
    const groups: number[][] = [];
    let release!: () => void;
    const firstDone = new Promise<void>((resolve) => (release = resolve));
    const group = createGroupCommit<number, string>({
      commit: async (items) => {
        groups.push(items);
        if (groups.length === 1) await firstDone;
        return items.map((n) => `ok ${n}`);
      },
      failed: (n) => `failed ${n}`,
    });
    const first = group.submit([1]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([[1]]);
    const later = [group.submit([2]), group.submit([3, 4])];
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([[1]]);
    release();
    await expect(Promise.all([first, ...later])).resolves.toEqual([['ok 1'], ['ok 2'], ['ok 3', 'ok 4']]);
    expect(groups).toEqual([[1], [2, 3, 4]]);
    await group.drain();
  });

  it('answers every caller of a rejected commit with a failure and goes on with the next group', async () => {
    let calls = 0;
    const group = createGroupCommit<number, string>({
      commit: async (items) => {
        calls += 1;
        if (calls === 1) throw new Error('connection lost');
        return items.map((n) => `ok ${n}`);
      },
      failed: (n) => `failed ${n}`,
    });
    await expect(group.submit([1, 2])).resolves.toEqual(['failed 1', 'failed 2']);
    await expect(group.submit([3])).resolves.toEqual(['ok 3']);
  });
});

describe('createGroupCommit with a minimum interval', () => {
  it('commits at once after a quiet spell, then waits out the interval and takes what arrived meanwhile', async () => {
    let clock = 1000;
    const sleeps: number[] = [];
    let wake!: () => void;
    const groups: number[][] = [];
    const group = createGroupCommit<number, string>({
      commit: (items) => {
        groups.push(items);
        clock += 3;
        return items.map((n) => `ok ${n}`);
      },
      failed: (n) => `failed ${n}`,
      minIntervalMs: 10,
      now: () => clock,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise<void>((resolve) => (wake = resolve));
      },
    });
    await group.submit([1]);
    expect(groups).toEqual([[1]]);
    expect(sleeps).toEqual([]);
    // The next call comes 4 ms after that commit ended: it waits the 6 ms left, and others join it.
    clock += 4;
    const second = group.submit([2]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sleeps).toEqual([6]);
    const third = group.submit([3]);
    clock += 6;
    wake();
    await expect(Promise.all([second, third])).resolves.toEqual([['ok 2'], ['ok 3']]);
    expect(groups).toEqual([[1], [2, 3]]);
    // After a quiet spell longer than the interval, no wait.
    clock += 50;
    await group.submit([4]);
    expect(sleeps).toEqual([6]);
    expect(groups).toHaveLength(3);
  });
});
