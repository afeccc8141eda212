import { describe, expect, it } from 'vitest';
import { barChart, FRAME, lineChart, yScale } from './chart-model.ts';

const week = (w: string) => w;
const overlaps = (a: { x: number; width: number }, b: { x: number; width: number }) => a.x < b.x + b.width - 1e-9 && b.x < a.x + a.width - 1e-9;
const inside = (v: number, lo: number, hi: number) => v >= lo - 1e-9 && v <= hi + 1e-9;

describe('the weekly opt-in chart', () => {
  it('runs its x axis over the weeks in the data, labelled with those weeks, every rate a point inside the plot', () => {
    const weeks = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];
    const chart = lineChart(weeks, [{ name: 'nyhetsbrev', values: [40, null, 45, 42.5] }, { name: 'webinar', values: [null, 60, null, null] }], [35, 65], week);
    expect(chart.xTicks.map((t) => t.label)).toEqual(weeks);
    const xs = chart.xTicks.map((t) => t.at);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(xs[0]).toBeGreaterThan(FRAME.left);
    expect(xs.at(-1)).toBeLessThan(FRAME.right);
    // A hidden week is no point and breaks the line; a form with one drawn week is still a point.
    expect(chart.lines[0]!.points.map((p) => p.week)).toEqual(['2026-11-02', '2026-11-16', '2026-11-23']);
    expect(chart.lines[0]!.path.match(/M/g)).toHaveLength(1);
    expect(chart.lines[1]!.points).toHaveLength(1);
    expect(chart.lines[1]!.path).toBe('');
    for (const p of chart.lines.flatMap((l) => l.points)) {
      expect(inside(p.x, FRAME.left, FRAME.right) && inside(p.y, FRAME.top, FRAME.bottom)).toBe(true);
    }
  });

  it('puts a single week in the middle, with its own label, not on a default time axis', () => {
    const chart = lineChart(['2026-11-30'], [{ name: 'nyhetsbrev', values: [50] }], [45, 55], (w) => `uke av ${w}`);
    expect(chart.xTicks).toEqual([{ at: (FRAME.left + FRAME.right) / 2, label: 'uke av 2026-11-30' }]);
    expect(chart.lines[0]!.points[0]).toMatchObject({ x: (FRAME.left + FRAME.right) / 2, value: 50 });
  });

  it('thins a year of week labels to at most eight, keeping the first', () => {
    const weeks = Array.from({ length: 52 }, (_, i) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10));
    const chart = lineChart(weeks, [{ name: 'f', values: weeks.map(() => 50) }], [45, 55], week);
    expect(chart.xTicks.length).toBeLessThanOrEqual(8);
    expect(chart.xTicks[0]!.label).toBe('2026-01-05');
  });
});

describe('the grouped bar chart', () => {
  const series = [
    { name: 'ja', values: [40, 25, 10, 5, 120] },
    { name: 'nei', values: [30, null, 15, 5, 0] },
    { name: 'trukket tilbake', values: [5, 5, null, null, 5] },
  ];
  const groups = ['nødvendige', 'statistikk', 'markedsføring', 'personlig oppfølging', 'markedsføring på e-post'];

  it('gives every group an equal band and every bar its own place in it: no two bars overlap, none leaves the frame', () => {
    const chart = barChart(groups, series);
    expect(chart.band).toBeCloseTo((FRAME.right - FRAME.left) / 5);
    expect(chart.bars).toHaveLength(12);
    for (const [i, a] of chart.bars.entries()) {
      expect(inside(a.x, FRAME.left, FRAME.right) && inside(a.x + a.width, FRAME.left, FRAME.right)).toBe(true);
      expect(inside(a.y, FRAME.top, FRAME.bottom) && inside(a.y + a.height, FRAME.top, FRAME.bottom)).toBe(true);
      for (const b of chart.bars.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    }
    // The scale runs to a round number above the tallest bar (120 of 150).
    const tallest = chart.bars.find((b) => b.value === 120)!;
    const top = Number(chart.yTicks.at(-1)!.label);
    expect(top).toBe(150);
    expect(chart.yTicks.at(-1)!.at).toBeCloseTo(FRAME.top);
    expect(tallest.height / (FRAME.bottom - FRAME.top)).toBeCloseTo(120 / top);
  });

  it('leaves a hidden count out rather than drawing it as 0, and labels each group under its band', () => {
    const chart = barChart(groups, series);
    expect(chart.bars.some((b) => b.group === 1 && b.series === 1)).toBe(false);
    expect(chart.bars.find((b) => b.group === 4 && b.series === 1)).toMatchObject({ value: 0, height: 0 });
    expect(chart.xTicks.map((t) => t.label)).toEqual(groups);
    chart.xTicks.forEach((t, i) => expect(t.at).toBeCloseTo(FRAME.left + (i + 0.5) * chart.band));
  });

  it('fits many groups and series the same way', () => {
    const many = Array.from({ length: 12 }, (_, i) => `g${i}`);
    const five = Array.from({ length: 5 }, (_, s) => ({ name: `s${s}`, values: many.map((_, i) => i * 5 + s) }));
    const chart = barChart(many, five);
    const last = chart.bars.reduce((a, b) => (a.x + a.width > b.x + b.width ? a : b));
    expect(last.x + last.width).toBeLessThanOrEqual(FRAME.right);
    for (const [i, a] of chart.bars.entries()) for (const b of chart.bars.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
  });
});

describe('the y scale', () => {
  it('labels round steps within its range', () => {
    expect(yScale([35, 50]).ticks.map((t) => t.label)).toEqual(['35', '40', '45', '50']);
    expect(yScale([0, 1]).ticks[0]!.at).toBe(FRAME.bottom);
  });
});
