/**
 * @module Chart geometry, without DOM: scales from the data's own range, bands sized from the
 * number of groups, so the SVG in chart.tsx only draws what this computes. uPlot drew the opt-in
 * chart on a default time axis (2027–2029 with one week in it), stacked the bars of one group on
 * the same x (overlapping, the last cut off), and labelled its legend "Value: --".
 */

/** One named series; null is a hidden count (fewer than 5) and is not drawn. */
export interface ChartSeries {
  name: string;
  values: (number | null)[];
}

export interface Frame {
  width: number;
  height: number;
  /** The plot area inside the frame, leaving room for the axes' labels. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface Tick {
  at: number;
  label: string;
}

export interface Bar {
  series: number;
  group: number;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

export const FRAME: Frame = { width: 720, height: 280, left: 48, right: 700, top: 12, bottom: 244 };

/** Steps of 1, 2 or 5 × 10ⁿ giving at most `count` intervals over 0..max. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
}

/** A linear y scale over [lo, hi] into the frame's plot area, with about five labelled ticks. */
export function yScale([lo, hi]: [number, number], frame: Frame = FRAME, format = (v: number) => String(v)) {
  const span = hi - lo || 1;
  const at = (v: number) => frame.bottom - ((v - lo) / span) * (frame.bottom - frame.top);
  const step = niceStep(span, 5);
  const ticks: Tick[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push({ at: at(v), label: format(Math.round(v * 100) / 100) });
  return { at, ticks };
}

/** 0 up to a round number at or above the largest value drawn (1 when nothing is). */
export function countRange(series: ChartSeries[]): [number, number] {
  const max = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  if (max === 0) return [0, 1];
  const step = niceStep(max, 5);
  return [0, Math.ceil(max / step) * step];
}

/**
 * The weekly line chart: x from the first to the last week in the data (one week sits in the
 * middle), labelled with those weeks (at most `maxLabels`, evenly thinned); a point for every
 * drawn rate and a line only between neighbouring drawn weeks, so a hidden week is a gap.
 */
export function lineChart(weeks: string[], series: ChartSeries[], yRange: [number, number], formatWeek: (week: string) => string, { frame = FRAME, maxLabels = 8, inset = 24 } = {}) {
  const times = weeks.map((w) => Date.parse(`${w}T00:00:00Z`));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const x0 = frame.left + inset;
  const x1 = frame.right - inset;
  const x = (time: number) => (last === first ? (x0 + x1) / 2 : x0 + ((time - first) / (last - first)) * (x1 - x0));
  const y = yScale(yRange, frame, (v) => `${v} %`);
  const every = Math.max(1, Math.ceil(weeks.length / maxLabels));
  const xTicks: Tick[] = weeks.flatMap((w, i) => (i % every === 0 ? [{ at: x(times[i]!), label: formatWeek(w) }] : []));
  const lines = series.map((s) => {
    const points = s.values.flatMap((v, i) => (v === null ? [] : [{ x: x(times[i]!), y: y.at(v), value: v, week: weeks[i]! }]));
    const segments: string[] = [];
    let run: string[] = [];
    s.values.forEach((v, i) => {
      if (v === null) {
        if (run.length > 1) segments.push(run.join(' '));
        run = [];
        return;
      }
      run.push(`${run.length ? 'L' : 'M'}${x(times[i]!).toFixed(1)},${y.at(v).toFixed(1)}`);
    });
    if (run.length > 1) segments.push(run.join(' '));
    return { name: s.name, points, path: segments.join(' ') };
  });
  return { frame, xTicks, yTicks: y.ticks, lines };
}

/**
 * The grouped bar chart: each group gets an equal band of the plot's width, each series an equal
 * share of 80 % of the band, side by side, so bars never overlap and the last one ends inside the
 * frame whatever the number of groups or series.
 */
export function barChart(groups: string[], series: ChartSeries[], { frame = FRAME, fill = 0.8 } = {}) {
  const band = (frame.right - frame.left) / Math.max(groups.length, 1);
  const barWidth = (band * fill) / Math.max(series.length, 1);
  const y = yScale(countRange(series), frame);
  const bars: Bar[] = [];
  series.forEach((s, si) => {
    s.values.forEach((v, gi) => {
      if (v === null || gi >= groups.length) return;
      const top = y.at(v);
      bars.push({ series: si, group: gi, x: frame.left + gi * band + (band * (1 - fill)) / 2 + si * barWidth, y: top, width: barWidth, height: frame.bottom - top, value: v });
    });
  });
  const xTicks: Tick[] = groups.map((g, i) => ({ at: frame.left + (i + 0.5) * band, label: g }));
  return { frame, xTicks, yTicks: y.ticks, bars, band };
}
