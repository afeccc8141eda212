import { useEffect, useRef } from 'preact/hooks';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLOURS = ['#1b5e9e', '#b3541e', '#2e7d32', '#6a1b9a', '#00695c'];

/**
 * A uPlot chart; uPlot draws on canvas and styles through the CSSOM, so the strict CSP holds.
 * The numbers are also given as a table next to it, since a canvas says nothing to a screen reader.
 */
export function Chart({ label, data, series, bars, xLabels, yRange }: { label: string; data: AlignedData; series: string[]; bars?: boolean; xLabels?: string[]; yRange?: [number, number] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const opts: Options = {
      width: Math.min(host.current.clientWidth || 640, 900),
      height: 260,
      scales: { x: { time: !xLabels }, y: { range: yRange ? () => yRange : (_u, _min, max) => [0, Math.max(max, 1)] } },
      axes: [xLabels ? { values: (_u, ticks) => ticks.map((i) => xLabels[i] ?? '') } : {}, {}],
      series: [
        {},
        ...series.map((name, i) => ({
          label: name,
          stroke: COLOURS[i % COLOURS.length]!,
          fill: bars ? `${COLOURS[i % COLOURS.length]!}cc` : undefined,
          width: 2,
          // Lines get their points drawn too: a form with one visible week is one point, not nothing.
          ...(bars ? {} : { points: { show: true, size: 7 } }),
          ...(bars ? { paths: uPlot.paths.bars!({ size: [0.6 / series.length, 60], align: 1 }) } : {}),
        })),
      ],
    };
    const plot = new uPlot(opts, data, host.current);
    return () => plot.destroy();
  }, [data, series.join('|'), bars, xLabels?.join('|'), yRange?.join('|')]);
  return <div ref={host} class="chart" role="img" aria-label={label} />;
}
