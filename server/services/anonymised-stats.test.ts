import { describe, expect, it } from 'vitest';
import { ConsoleStats } from '../../protocol/index.ts';
import { anonymiseStats, shownCount } from './anonymised-stats.ts';

/** Every value a hidden part can take, given only what is shown of the parts and of their sum. */
function hiddenValuesBehind(parts: number, max: number): Map<string, Set<number>> {
  const seen = new Map<string, Set<number>>();
  const values = Array.from({ length: parts }, () => 0);
  for (;;) {
    const shown = [...values.map(shownCount), shownCount(values.reduce((a, b) => a + b, 0))];
    values.forEach((v, i) => {
      if (shown[i] !== null) return;
      const key = `${JSON.stringify(shown)}#${i}`;
      seen.set(key, (seen.get(key) ?? new Set()).add(v));
    });
    let i = 0;
    while (i < parts && ++values[i]! > max) values[i++] = 0;
    if (i === parts) return seen;
  }
}

describe('small-count suppression', () => {
  it('hides 0 to 4 and rounds the rest down to a multiple of 5', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 9, 10, 14, 15, 1234].map(shownCount)).toEqual([null, null, null, null, null, 5, 5, 5, 10, 10, 15, 1230]);
  });

  it('never lets the shown sum of two, three or four parts pin a hidden part to one value', () => {
    // Parts from 0 to 19, so each figure a part can show (hidden, 5, 10, 15) has all its values in range.
    for (const parts of [2, 3, 4]) {
      const pinned = [...hiddenValuesBehind(parts, 19)].filter(([, v]) => v.size === 1).map(([key]) => key);
      expect(pinned, `${parts} parts`).toEqual([]);
    }
  });

  it('shows no mean over fewer than 5 completed requests, and a response the wire schema accepts', () => {
    const stats = anonymiseStats({
      weeklyOptIns: [{ formId: 'nyhetsbrev', week: '2024-03-04', granted: 7, declined: 2 }],
      categoryChoices: [{ purpose: 'statistics', granted: 12, declined: 0, withdrawn: 1 }],
      requests: [
        { kind: 'access', total: 7, completed: 5, open: 6, overdue: 2, meanDaysToComplete: 1.5 },
        { kind: 'erasure', total: 4, completed: 4, open: 0, overdue: 0, meanDaysToComplete: 2.5 },
      ],
    });
    expect(stats).toEqual({
      weeklyOptIns: [{ formId: 'nyhetsbrev', week: '2024-03-04', granted: 5, declined: null }],
      categoryChoices: [{ purpose: 'statistics', granted: 10, declined: null, withdrawn: null }],
      requests: [
        { kind: 'access', total: 5, completed: 5, open: 5, overdue: null, meanDaysToComplete: 1.5 },
        { kind: 'erasure', total: null, completed: null, open: null, overdue: null, meanDaysToComplete: null },
      ],
    });
    expect(ConsoleStats.parse(stats)).toEqual(stats);
  });

  it('is what the wire schema insists on: an exact small count does not parse', () => {
    expect(ConsoleStats.safeParse({ weeklyOptIns: [{ formId: 'x', week: '2024-03-04', granted: 2, declined: 0 }], categoryChoices: [], requests: [] }).success).toBe(false);
  });
});
