import { useEffect } from 'preact/hooks';
import type { StatCount } from '../../protocol/index.ts';
import { t } from '../i18n/index.ts';
import { DataTable } from '../ui/data-table.tsx';
import { Chart } from './chart.tsx';
import * as model from './model.ts';

export function NumbersPage() {
  const s = t.value.numbers;
  useEffect(() => void model.load(), []);
  const o = model.optInSeries.value;
  const c = model.choices.value;
  // A hidden count says so in words; the charts leave it out (null) rather than draw it as 0.
  const count = (v: StatCount) => (v === null ? s.fewerThan : v);
  const chartLabel = (title: string, note = s.notDrawn) => `${title}. ${note}`;
  return (
    <>
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      <p>{s.suppression}</p>
      {model.failed.value && <p role="alert">{t.value.common.error}</p>}
      <section aria-labelledby="optin-h" class="panel">
        <h2 id="optin-h">{s.optIns}</h2>
        {o.weeks.length ? (
          <>
            <Chart label={chartLabel(s.optIns, s.rateNotDrawn)} data={[o.x, ...o.series]} series={o.forms} yRange={model.rateRange(o.series)} />
            <DataTable
              caption={s.tableCaption}
              headers={[s.week, s.form, s.granted, s.declined]}
              rows={model.weekly.value.map((w) => ({ key: `${w.week}${w.formId}`, cells: [w.week, w.formId, count(w.granted), count(w.declined)] }))}
            />
          </>
        ) : (
          <p>{t.value.common.none}</p>
        )}
      </section>
      <section aria-labelledby="choices-h" class="panel">
        <h2 id="choices-h">{s.choices}</h2>
        {c.length ? (
          <>
            <Chart
              label={chartLabel(s.choices)}
              bars
              xLabels={c.map((x) => x.purpose)}
              data={[c.map((_, i) => i), c.map((x) => x.granted), c.map((x) => x.declined), c.map((x) => x.withdrawn)]}
              series={[s.granted, s.declined, s.withdrawn]}
            />
            <DataTable
              caption={s.tableCaption}
              headers={[s.purpose, s.granted, s.declined, s.withdrawn]}
              rows={c.map((x) => ({ key: x.purpose, cells: [x.purpose, count(x.granted), count(x.declined), count(x.withdrawn)] }))}
            />
          </>
        ) : (
          <p>{t.value.common.none}</p>
        )}
      </section>
      <section aria-labelledby="requests-h" class="panel">
        <h2 id="requests-h">{s.requests}</h2>
        {model.requests.value.length ? (
          <>
            <Chart
              label={chartLabel(s.requests)}
              bars
              xLabels={model.requests.value.map((r) => t.value.requests.kinds[r.kind as keyof typeof t.value.requests.kinds] ?? r.kind)}
              data={[model.requests.value.map((_, i) => i), model.requests.value.map((r) => r.total), model.requests.value.map((r) => r.completed)]}
              series={[s.total, s.completed]}
            />
            <DataTable
              caption={s.tableCaption}
              headers={[t.value.requests.kind, s.total, s.completed, s.openNow, s.overdueNow, s.meanDays]}
              rows={model.requests.value.map((r) => ({ key: r.kind, cells: [t.value.requests.kinds[r.kind as keyof typeof t.value.requests.kinds] ?? r.kind, count(r.total), count(r.completed), count(r.open), count(r.overdue), r.meanDaysToComplete ?? (r.completed === null ? s.fewCompleted : '–')] }))}
            />
          </>
        ) : (
          <p>{t.value.common.none}</p>
        )}
      </section>
    </>
  );
}
