import { useEffect } from 'preact/hooks';
import { formatTime, t } from '../i18n/index.ts';
import * as model from './model.ts';

/** One record as a supervisory authority would read it: every field, the text, and the chain links. */
export function ProofPage({ eventId }: { eventId: string }) {
  const s = t.value;
  const f = s.proof.fields;
  useEffect(() => void model.loadProof(eventId), [eventId]);
  const p = model.proof.value;
  if (!p) return <p>{model.failed.value ? s.common.error : s.common.loading}</p>;
  const r = p.record;
  const rows: [string, string][] = [
    [f.eventId, r.eventId],
    [f.receiptId, r.receiptId],
    [f.site, r.site],
    [f.kind, s.consents.kinds[r.kind]],
    [f.subject, r.email ?? (r.erased ? s.common.erased : s.consents.anonymous)],
    [f.subjectHash, p.subjectHash ?? '–'],
    [f.consentId, r.consentId ?? '–'],
    [f.purposes, r.purposes.map((x) => `${x.purpose}: ${s.decisions[x.decision]}`).join(', ')],
    [f.basis, r.basis],
    [f.lang, r.notice.lang],
    [f.policyUrl, r.notice.policyUrl],
    [f.policyVersion, r.notice.policyVersion],
    [f.formId, r.formId ?? '–'],
    [f.pageUrl, r.pageUrl],
    [f.clientTime, `${r.clientTime} (${formatTime(r.clientTime)})`],
    [f.receivedAt, `${r.receivedAt} (${formatTime(r.receivedAt)})`],
    [f.source, r.source],
    [f.widgetVersion, r.widgetVersion],
    [f.userAgent, r.userAgent ?? '–'],
    [f.ipTruncated, r.ipTruncated ?? '–'],
    [f.textHash, r.notice.textHash],
    [f.bodyHash, p.bodyHash],
    [f.position, s.proof.positionOf(p.position, p.chainLength)],
    [f.prevHash, p.prevHash],
    [f.hash, p.hash],
  ];
  return (
    <article class="proof">
      <h1>{s.proof.title}</h1>
      <p>{s.proof.intro}</p>
      <dl class="proof-fields">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd class={/hash|id/i.test(k) ? 'mono' : undefined}>{v}</dd>
          </div>
        ))}
      </dl>
      <h2>{s.history.textShown}</h2>
      <blockquote lang={r.notice.lang} class="text-shown">
        {r.notice.text}
      </blockquote>
      <p>
        <button type="button" onClick={() => window.print()}>
          {s.proof.print}
        </button>
      </p>
    </article>
  );
}
