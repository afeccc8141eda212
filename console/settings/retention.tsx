/** @module The retention view: per day, how many erased people, unverified requests and exports the daily job deletes. */
import { useEffect } from 'preact/hooks';
import { lang, t } from '../i18n/index.ts';
import * as model from './retention-model.ts';

/** A whole day (YYYY-MM-DD, already in the site's time zone) as the reader's language writes it. */
const formatDay = (day: string) => new Intl.DateTimeFormat(lang.value === 'en' ? 'en-GB' : 'nb-NO', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));

export function Retention({ site }: { site: string }) {
  const s = t.value.settings.retention;
  useEffect(() => void model.load(site), [site]);
  const items = model.plan.value?.items ?? [];
  return (
    <section class="panel" aria-labelledby="retention-h">
      <h2 id="retention-h">{s.title}</h2>
      <p class="hint">{s.help}</p>
      {items.length ? (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{s.title}</caption>
            <thead>
              <tr><th scope="col">{s.day}</th><th scope="col">{s.what}</th><th scope="col">{s.count}</th></tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={`${i.day}-${i.what}-${i.dueNow}`}>
                  <td>{i.dueNow ? s.nextRun : formatDay(i.day)}</td>
                  <td>{s.kinds[i.what]}</td>
                  <td>{i.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{model.plan.value ? s.nothing : t.value.common.loading}</p>
      )}
    </section>
  );
}
