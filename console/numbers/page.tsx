import { useEffect } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { Chart } from './chart.tsx';
import * as model from './model.ts';

export function NumbersPage() {
  const s = t.value.numbers;
  useEffect(() => void model.load(), []);
  const o = model.optInSeries.value;
  const c = model.choices.value;
  return (
    <>
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      {model.failed.value && <p role="alert">{t.value.common.error}</p>}
      <section aria-labelledby="optin-h" class="panel">
        <h2 id="optin-h">{s.optIns}</h2>
        {o.weeks.length ? (
          <>
            <Chart label={s.optIns} data={[o.x, ...o.series]} series={o.forms} />
            <table>
              <caption>{s.tableCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{s.week}</th>
                  <th scope="col">{s.form}</th>
                  <th scope="col">{s.granted}</th>
                  <th scope="col">{s.declined}</th>
                </tr>
              </thead>
              <tbody>
                {model.weekly.value.map((w) => (
                  <tr key={`${w.week}${w.formId}`}>
                    <td>{w.week}</td>
                    <td>{w.formId}</td>
                    <td>{w.granted}</td>
                    <td>{w.declined}</td>
                  </tr>
                ))}
              </tbody>
            </table>
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
              label={s.choices}
              bars
              xLabels={c.map((x) => x.purpose)}
              data={[c.map((_, i) => i), c.map((x) => x.granted), c.map((x) => x.declined), c.map((x) => x.withdrawn)]}
              series={[s.granted, s.declined, s.withdrawn]}
            />
            <table>
              <caption>{s.tableCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{s.purpose}</th>
                  <th scope="col">{s.granted}</th>
                  <th scope="col">{s.declined}</th>
                  <th scope="col">{s.withdrawn}</th>
                </tr>
              </thead>
              <tbody>
                {c.map((x) => (
                  <tr key={x.purpose}>
                    <td>{x.purpose}</td>
                    <td>{x.granted}</td>
                    <td>{x.declined}</td>
                    <td>{x.withdrawn}</td>
                  </tr>
                ))}
              </tbody>
            </table>
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
              label={s.requests}
              bars
              xLabels={model.requests.value.map((r) => t.value.requests.kinds[r.kind as keyof typeof t.value.requests.kinds] ?? r.kind)}
              data={[model.requests.value.map((_, i) => i), model.requests.value.map((r) => r.total), model.requests.value.map((r) => r.completed)]}
              series={[s.total, s.completed]}
            />
            <table>
              <caption>{s.tableCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.value.requests.kind}</th>
                  <th scope="col">{s.total}</th>
                  <th scope="col">{s.completed}</th>
                  <th scope="col">{s.meanDays}</th>
                </tr>
              </thead>
              <tbody>
                {model.requests.value.map((r) => (
                  <tr key={r.kind}>
                    <td>{t.value.requests.kinds[r.kind as keyof typeof t.value.requests.kinds] ?? r.kind}</td>
                    <td>{r.total}</td>
                    <td>{r.completed}</td>
                    <td>{r.meanDaysToComplete ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p>{t.value.common.none}</p>
        )}
      </section>
    </>
  );
}
