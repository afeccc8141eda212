/** @module The request's audit trail, each entry a sentence in the console's language (audit-sentence.ts), not as stored (`status:in-progress {"from":…}`). */
import { formatTime, lang, t } from '../i18n/index.ts';
import { auditSentence } from './audit-sentence.ts';
import type { RequestDetail } from './model.ts';

export function Trail({ events }: { events: RequestDetail['events'] }) {
  const s = t.value.requests;
  return (
    <section aria-labelledby="trail-h">
      <h2 id="trail-h">{s.trail}</h2>
      <div class="table-wrap">
        <table class="trail">
          <caption class="sr-only">{s.trail}</caption>
          <thead>
            <tr><th scope="col">{s.when}</th><th scope="col">{s.what}</th></tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr key={i}><td class="nowrap">{formatTime(e.at)}</td><td>{auditSentence(e, lang.value)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
