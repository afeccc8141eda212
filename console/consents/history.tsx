import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { SubjectSummary } from '../../protocol/index.ts';
import { formatTime, t } from '../i18n/index.ts';
import { href } from '../router/model.ts';
import { Field } from '../ui/field.tsx';
import { Flags } from '../ui/flags.tsx';
import * as auth from '../auth/model.ts';
import * as model from './model.ts';
import { CookieNoticeShown, readStoredNotice, withLinks } from './notice-shown.tsx';
import { RecordsTable } from './records-table.tsx';

const reason = signal('');
const actionFailed = signal(false);

async function act(fn: () => Promise<void>) {
  actionFailed.value = false;
  try {
    await fn();
    reason.value = '';
  } catch {
    actionFailed.value = true;
  }
}

function SubjectActions({ subject }: { subject: SubjectSummary }) {
  const s = t.value.history;
  if (subject.erasedAt) return <p>{s.erasedUntil(formatTime(subject.purgeAfter!))}</p>;
  const ready = reason.value.trim().length > 0;
  return (
    <div class="actions">
      <button type="button" disabled={!ready} onClick={() => void act(() => model.setFlag(subject.id, 'restricted', !subject.restrictedAt, reason.value))}>
        {subject.restrictedAt ? s.unrestrict : s.restrict}
      </button>
      <button type="button" disabled={!ready} onClick={() => void act(() => model.setFlag(subject.id, 'objected', !subject.objectedAt, reason.value))}>
        {subject.objectedAt ? s.unobject : s.object}
      </button>
      {/* Direct erasure is the owner's; an agent erases through a verified erasure request. */}
      {auth.isOwner.value && (
        <button type="button" class="danger" disabled={!ready} onClick={() => void act(() => model.erase(subject.id, reason.value))}>
          {s.erase}
        </button>
      )}
    </div>
  );
}

/** One person's whole history, the texts they saw, and the actions their rights call for. */
export function HistoryPage({ email }: { email: string }) {
  const s = t.value;
  useEffect(() => void model.loadHistory(email), [email]);
  const h = model.history.value;
  return (
    <>
      <p>
        <a href={href('consents')}>{s.history.back}</a>
      </p>
      <h1>{s.history.title(email)}</h1>
      {model.failed.value && <p role="alert">{s.common.error}</p>}
      {!h ? (
        <p>{s.common.loading}</p>
      ) : (
        <>
          <section class="panel" aria-labelledby="subjects-h">
            <h2 id="subjects-h">{s.history.subjects}</h2>
            <Field label={s.common.reason} value={reason} />
            <p class="hint">{s.history.eraseConfirm}</p>
            {actionFailed.value && <p role="alert">{s.common.error}</p>}
            <ul class="plain">
              {h.subjects.map((subject) => (
                <li key={subject.id} class="subject">
                  <strong>{subject.site}</strong> <Flags restricted={!!subject.restrictedAt} objected={!!subject.objectedAt} erased={!!subject.erasedAt} />
                  <SubjectActions subject={subject} />
                </li>
              ))}
            </ul>
          </section>
          {h.records.length ? <RecordsTable records={h.records} caption={s.consents.results(h.records.length)} /> : <p>{s.common.none}</p>}
          <section aria-labelledby="texts-h">
            <h2 id="texts-h">{s.history.textShown}</h2>
            {[...new Map(h.records.map((r) => [r.notice.textHash, r.notice])).values()].map((n) => (
              <div key={n.textHash}>
                {readStoredNotice(n.text) ? (
                  <CookieNoticeShown notice={readStoredNotice(n.text)!} textLang={n.lang} />
                ) : (
                  <blockquote lang={n.lang} class="text-shown">{withLinks(n.text)}</blockquote>
                )}
                <p class="mono small">{`${n.policyVersion} · sha256 ${n.textHash}`}</p>
              </div>
            ))}
          </section>
        </>
      )}
    </>
  );
}
