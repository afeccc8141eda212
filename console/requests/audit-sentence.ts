/** @module One audit entry of a request as a sentence a person reads, in Bokmål or English. */
import type { ConsoleLang } from '../i18n/index.ts';
import { en } from '../i18n/en.ts';
import { nb } from '../i18n/nb.ts';

/** An entry of a request's trail as the API gives it (`type` as stored: `status:in-progress`, `flag:restricted:on`, …). */
export interface AuditEntry {
  at: string;
  type: string;
  actor: string;
  data: Record<string, unknown> | null;
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v));

/** Who did it: the staff member's address, or the requester, the system. */
function who(actor: string, s: typeof nb): string {
  if (actor === 'requester') return s.audit.requester;
  if (actor === 'system') return s.audit.system;
  if (actor === 'staff' || actor === 'test') return s.audit.staff;
  return actor.startsWith('staff:') ? actor.slice('staff:'.length) : actor;
}

/**
 * "kari@nettfokus.no endret status fra bekreftet til under behandling. Begrunnelse: …" An entry
 * type we have no sentence for is shown as stored, with its data, so nothing is hidden.
 */
export function auditSentence(entry: AuditEntry, lang: ConsoleLang): string {
  const s = lang === 'en' ? en : nb;
  const a = s.audit;
  const by = who(entry.actor, s);
  const d = entry.data ?? {};
  const status = (v: unknown) => (typeof v === 'string' && v in s.requests.statuses ? s.requests.statuses[v as keyof typeof s.requests.statuses] : text(v));
  const day = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nb-NO', { dateStyle: 'long', timeZone: 'Europe/Oslo' }).format(new Date(v)) : text(v));
  const [type, arg, onOff] = entry.type.split(':');
  let sentence: string;
  switch (type) {
    case 'received':
      sentence = a.received(by, typeof d.kind === 'string' && d.kind in s.requests.kinds ? s.requests.kinds[d.kind as keyof typeof s.requests.kinds].toLowerCase() : text(d.kind));
      break;
    case 'code-sent':
      sentence = a.codeSent(by);
      break;
    case 'code-wrong':
      sentence = a.codeWrong(by);
      break;
    case 'verified':
      sentence = a.verified(by, text(d.reference));
      break;
    case 'status':
      sentence = d.from ? a.status(by, status(d.from), status(arg)) : a.statusTo(by, status(arg));
      break;
    case 'extended':
      sentence = a.extended(by, day(d.to));
      break;
    case 'export-built':
      sentence = a.exportBuilt(by);
      break;
    case 'export-downloaded':
      sentence = a.exportDownloaded(by);
      break;
    case 'erased':
      sentence = a.erased(by);
      break;
    case 'flag':
      sentence = onOff === 'off' ? a.flagOff(by, arg ?? '') : a.flagOn(by, arg ?? '');
      break;
    case 'rectified':
      sentence = a.rectified(by, a.field[text(d.field)] ?? text(d.field), text(d.old) || a.empty, text(d.new) || a.empty);
      break;
    case 'corrected':
      sentence = a.corrected(by, (Array.isArray(d.corrections) ? (d.corrections as { field?: unknown; old?: unknown; new?: unknown }[]) : []).map((c) => `${text(c.field)}: «${text(c.old) || a.empty}» → «${text(c.new) || a.empty}»`).join('; '));
      break;
    case 'note':
      sentence = a.note(by, text(d.text));
      break;
    case 'mail-sent':
      sentence = a.mailSent(by);
      break;
    default:
      sentence = a.other(by, entry.type) + (entry.data ? ` ${JSON.stringify(entry.data)}` : '');
  }
  const extra = [d.emailSent === true ? a.mailed : '', typeof d.reason === 'string' && d.reason ? a.reason(d.reason) : ''].filter(Boolean);
  return [sentence, ...extra].join(' ');
}
