import { describe, expect, it } from 'vitest';
import { rateRange } from './model.ts';

describe('the opt-in chart range', () => {
  it('follows the rates drawn, with room around them, instead of starting at 0', () => {
    expect(rateRange([[41.2, null, 44.8], [null, 43]])).toEqual([35, 50]);
  });

  it('gives a single rate a range around it, and keeps within 0–100', () => {
    expect(rateRange([[50]])).toEqual([45, 55]);
    expect(rateRange([[2, 3]])).toEqual([0, 10]);
    expect(rateRange([[99, 100]])).toEqual([90, 100]);
  });

  it('draws 0–100 when every count is hidden', () => {
    expect(rateRange([[null, null]])).toEqual([0, 100]);
  });
});
