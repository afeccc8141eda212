import { lang } from '../i18n/index.ts';
import { barChart, lineChart, type ChartSeries, type Frame, type Tick } from './chart-model.ts';

const COLOURS = ['#1b5e9e', '#b3541e', '#2e7d32', '#6a1b9a', '#00695c'];
const colour = (i: number) => COLOURS[i % COLOURS.length]!;

/** A label split into lines of at most `max` characters, at spaces. */
export function wrapLabel(label: string, max: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function Axes({ frame, xTicks, yTicks, xWidth }: { frame: Frame; xTicks: Tick[]; yTicks: Tick[]; xWidth: number }) {
  const maxChars = Math.max(6, Math.floor(xWidth / 7));
  return (
    <g class="axes" aria-hidden="true">
      {yTicks.map((tick) => (
        <g key={`y${tick.label}`}>
          <line x1={frame.left} x2={frame.right} y1={tick.at} y2={tick.at} stroke="#d9dce1" />
          <text x={frame.left - 6} y={tick.at + 4} text-anchor="end" font-size="12" fill="#4a4a4a">{tick.label}</text>
        </g>
      ))}
      <line x1={frame.left} x2={frame.right} y1={frame.bottom} y2={frame.bottom} stroke="#4a4a4a" />
      {xTicks.map((tick) => (
        <text key={`x${tick.at}`} class="x-label" x={tick.at} y={frame.bottom + 16} text-anchor="middle" font-size="12" fill="#1a1a1a">
          {wrapLabel(tick.label, maxChars).slice(0, 2).map((line, i) => (
            <tspan key={i} x={tick.at} dy={i === 0 ? 0 : 14}>{line}</tspan>
          ))}
        </text>
      ))}
    </g>
  );
}

/** The legend in HTML under the chart: a swatch and the series' own name, in the console's language. */
function Legend({ names }: { names: string[] }) {
  return (
    <ul class="chart-legend" aria-hidden="true">
      {names.map((name, i) => (
        <li key={name}>
          <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false"><rect width="14" height="14" rx="2" fill={colour(i)} /></svg> {name}
        </li>
      ))}
    </ul>
  );
}

/**
 * The weekly opt-in rates as lines with points. The SVG is one image with a label; the numbers
 * are in the table beside it for screen readers (the legend and axes are hidden from them).
 */
export function RateChart({ label, weeks, series, yRange }: { label: string; weeks: string[]; series: ChartSeries[]; yRange: [number, number] }) {
  const locale = lang.value === 'en' ? 'en-GB' : 'nb-NO';
  const formatWeek = (w: string) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${w}T00:00:00Z`));
  const chart = lineChart(weeks, series, yRange, formatWeek);
  const f = chart.frame;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${f.width} ${f.height}`} role="img" aria-label={label} focusable="false">
        <Axes frame={f} xTicks={chart.xTicks} yTicks={chart.yTicks} xWidth={(f.right - f.left) / Math.max(chart.xTicks.length, 1)} />
        {chart.lines.map((line, i) => (
          <g key={line.name} class="series" data-series={line.name}>
            {line.path && <path d={line.path} fill="none" stroke={colour(i)} stroke-width="2" />}
            {line.points.map((p) => <circle key={p.week} cx={p.x} cy={p.y} r="4" fill={colour(i)} />)}
          </g>
        ))}
      </svg>
      <Legend names={series.map((s) => s.name)} />
    </figure>
  );
}

/** Counts per group as bars side by side, one colour per series. */
export function BarChart({ label, groups, series }: { label: string; groups: string[]; series: ChartSeries[] }) {
  const chart = barChart(groups, series);
  const f = chart.frame;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${f.width} ${f.height}`} role="img" aria-label={label} focusable="false">
        <Axes frame={f} xTicks={chart.xTicks} yTicks={chart.yTicks} xWidth={chart.band} />
        {chart.bars.map((b) => (
          <rect key={`${b.series}-${b.group}`} class="bar" data-series={series[b.series]!.name} x={b.x} y={b.y} width={b.width} height={b.height} fill={colour(b.series)} />
        ))}
      </svg>
      <Legend names={series.map((s) => s.name)} />
    </figure>
  );
}

