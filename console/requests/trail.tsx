/** @module The request's audit trail in sentences of the console's language, not as stored (`status:in-progress {"from":…}`). */
import type { RequestCorrection } from '../../protocol/index.ts';
import { formatTime, t } from '../i18n/index.ts';
import type { RequestDetail } from './model.ts';

type Event = RequestDetail['events'][number];

function who(actor: string): string {
  const s = t.value.requests.trailText;
  if (actor.startsWith('staff:')) return actor.slice('staff:'.length);
  return actor === 'requester' ? s.requester : actor === 'system' ? s.system : actor;
}

/** What happened, in words; unknown types fall back to their stored name so nothing is hidden. */
function what(e: Event): string {
  const s = t.value.requests;
  const w = s.trailText;
  const d = e.data ?? {};
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  if (e.type.startsWith('status:')) {
    const from = s.statuses[str('from') as keyof typeof s.statuses] ?? str('from');
    const to = s.statuses[e.type.slice('status:'.length) as keyof typeof s.statuses] ?? e.type;
    return w.status(from, to, str('reason'), d.emailSent === true);
  }
  if (e.type.startsWith('flag:')) {
    const [, flag, on] = e.type.split(':');
    return w.flag(flag === 'restricted', on === 'on', str('reason'));
  }
  switch (e.type) {
    case 'received': return w.received;
    case 'code-sent': return w.codeSent;
    case 'code-wrong': return w.codeWrong;
    case 'verified': return w.verified(str('reference'), str('dueAt') ? formatTime(str('dueAt')) : '');
    case 'extended': return w.extended(str('to') ? formatTime(str('to')) : '', str('reason'));
    case 'export-built': return w.exportBuilt(str('expiresAt') ? formatTime(str('expiresAt')) : '');
    case 'export-downloaded': return w.exportDownloaded;
    case 'erased': return w.erased(str('purgeAfter') ? formatTime(str('purgeAfter')) : '', str('reason'));
    case 'rectified': return w.rectified(str('old'), str('new'));
    case 'corrected': return w.corrected((Array.isArray(d.corrections) ? (d.corrections as RequestCorrection[]) : []).map((c) => `${c.field}: «${c.old}» → «${c.new}»`).join('; '));
    default: return e.type;
  }
}

export function Trail({ events }: { events: Event[] }) {
  const s = t.value.requests;
  return (
    <section aria-labelledby="trail-h">
      <h2 id="trail-h">{s.trail}</h2>
      <div class="table-wrap">
        <table class="trail">
          <caption class="sr-only">{s.trail}</caption>
          <thead>
            <tr><th scope="col">{s.when}</th><th scope="col">{s.who}</th><th scope="col">{s.what}</th></tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr key={i}><td class="nowrap">{formatTime(e.at)}</td><td>{who(e.actor)}</td><td>{what(e)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
