import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { formatTime, t } from '../i18n/index.ts';
import { Stored } from '../ui/stored-value.tsx';
import * as model from './model.ts';
import { CookieNoticeShown, FormConsentShown, readStoredNotice } from './notice-shown.tsx';

/** A record whose chain check fails says so first, on screen and in print (services/record-check.ts). */
function TamperWarning({ check }: { check: model.ProofAnswer['check'] }) {
  const s = t.value.proofView;
  if (check.ok) return null;
  return (
    <section class="tamper-warning" role="alert" aria-labelledby="tamper-h">
      <h2 id="tamper-h">{s.warningTitle}</h2>
      <p>{check.problem === 'rewritten' && check.digestAt ? s.rewritten(formatTime(check.digestAt), check.digestCount ?? 0) : s.broken(check.firstBroken?.seq ?? 0)}</p>
      <p>{s.warningHelp}</p>
    </section>
  );
}

function Fields({ rows, mono = false }: { rows: [string, ComponentChildren][]; mono?: boolean }) {
  return (
    <dl class="proof-fields">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd class={mono ? 'mono' : undefined}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One record as a supervisory authority would read it: the notice as shown, every field in words, and the chain links. */
export function ProofPage({ eventId }: { eventId: string }) {
  const s = t.value;
  const f = s.proof.fields;
  useEffect(() => {
    void model.loadProof(eventId);
    if (!model.sites.value.length) model.loadSites().catch(() => undefined);
  }, [eventId]);
  const p = model.proof.value;
  if (!p) return <p>{model.failed.value ? s.common.error : s.common.loading}</p>;
  const r = p.record;
  const siteName = model.sites.value.find((x) => x.key === r.site)?.name;
  const notice = r.kind === 'cookie-choice' ? readStoredNotice(r.notice.text) : undefined;
  const rows: [string, ComponentChildren][] = [
    [f.kind, <Stored group="kind" value={r.kind} />],
    [f.purposes, <ul class="plain">{r.purposes.map((x) => <li key={x.purpose}><Stored group="purpose" value={x.purpose} />: <Stored group="decision" value={x.decision} /></li>)}</ul>],
    [f.basis, <Stored group="basis" value={r.basis} />],
    [f.subject, r.email ?? (r.erased ? s.common.erased : s.consents.anonymous)],
    [f.site, siteName ? `${siteName} (${r.site})` : r.site],
    [f.formId, r.formId ?? '–'],
    [f.pageUrl, r.pageUrl],
    [f.lang, <Stored group="lang" value={r.notice.lang} />],
    [f.policyUrl, r.notice.policyUrl],
    [f.policyVersion, r.notice.policyVersion],
    [f.clientTime, formatTime(r.clientTime)],
    [f.receivedAt, formatTime(r.receivedAt)],
    [f.source, <Stored group="source" value={r.source} />],
    [f.userAgent, r.userAgent ?? '–'],
    [f.ipTruncated, r.ipTruncated ?? '–'],
    [f.widgetVersion, r.widgetVersion],
  ];
  const technical: [string, ComponentChildren][] = [
    [f.eventId, r.eventId],
    [f.receiptId, r.receiptId],
    [f.consentId, r.consentId ?? '–'],
    [f.subjectHash, p.subjectHash ?? '–'],
    [f.clientTime, r.clientTime],
    [f.receivedAt, r.receivedAt],
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
      <TamperWarning check={p.check} />
      <section aria-labelledby="seen-h">
        <h2 id="seen-h">{s.proofView.seen}</h2>
        {r.kind === 'form-consent' ? (
          <FormConsentShown text={r.notice.text} textLang={r.notice.lang} purposes={r.purposes} basis={r.basis} />
        ) : notice ? (
          <CookieNoticeShown notice={notice} purposes={r.purposes} textLang={r.notice.lang} />
        ) : (
          <>
            <p>{s.proofView.unreadable}</p>
            <blockquote lang={r.notice.lang} class="text-shown mono">{r.notice.text}</blockquote>
          </>
        )}
      </section>
      <section aria-labelledby="stored-h">
        <h2 id="stored-h">{s.proofView.details}</h2>
        <Fields rows={rows} />
      </section>
      <section aria-labelledby="technical-h">
        <h2 id="technical-h">{s.proofView.technical}</h2>
        <Fields rows={technical} mono />
      </section>
      <p>
        <button type="button" onClick={() => window.print()}>
          {s.proof.print}
        </button>
      </p>
    </article>
  );
}
