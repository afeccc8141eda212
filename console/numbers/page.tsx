import { useEffect } from 'preact/hooks';
import type { StatCount } from '../../protocol/index.ts';
import { t } from '../i18n/index.ts';
import { DataTable } from '../ui/data-table.tsx';
import { storedInWords } from '../ui/stored-value.tsx';
import { BarChart, RateChart } from './chart.tsx';
import * as model from './model.ts';

export function NumbersPage() {
  const s = t.value.numbers;
  useEffect(() => void model.load(), []);
  const o = model.optInSeries.value;
  const c = model.choices.value;
  // A hidden count says so in words; the charts leave it out (null) rather than draw it as 0.
  const count = (v: StatCount) => (v === null ? s.fewerThan : v);
  const purpose = (p: string) => storedInWords('purpose', p).words;
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
            <RateChart label={chartLabel(s.optIns, s.rateNotDrawn)} weeks={o.weeks} series={o.forms.map((name, i) => ({ name, values: o.series[i]! }))} yRange={model.rateRange(o.series)} />
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
            <BarChart
              label={chartLabel(s.choices)}
              groups={c.map((x) => purpose(x.purpose))}
              series={[
                { name: s.granted, values: c.map((x) => x.granted) },
                { name: s.declined, values: c.map((x) => x.declined) },
                { name: s.withdrawn, values: c.map((x) => x.withdrawn) },
              ]}
            />
            <DataTable
              caption={s.tableCaption}
              headers={[s.purpose, s.granted, s.declined, s.withdrawn]}
              rows={c.map((x) => ({ key: x.purpose, cells: [purpose(x.purpose), count(x.granted), count(x.declined), count(x.withdrawn)] }))}
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
            <BarChart
              label={chartLabel(s.requests)}
              groups={model.requests.value.map((r) => t.value.requests.kinds[r.kind as keyof typeof t.value.requests.kinds] ?? r.kind)}
              series={[
                { name: s.total, values: model.requests.value.map((r) => r.total) },
                { name: s.completed, values: model.requests.value.map((r) => r.completed) },
              ]}
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
