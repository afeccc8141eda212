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
