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
