import { useEffect } from 'preact/hooks';
import { RecordsTable } from '../consents/records-table.tsx';
import { formatTime, t } from '../i18n/index.ts';
import { Flags } from '../ui/flags.tsx';
import * as model from './model.ts';

/** Messages are rendered as text nodes only: a visitor's `<script>` stays characters on the screen. */
function Conversation() {
  const s = t.value.inbox;
  const c = model.current.value;
  if (!c) return <p>{s.choose}</p>;
  return (
    <div class="conversation">
      <section aria-labelledby="conv-h">
        <h2 id="conv-h">{s.conversation(formatTime(c.conversation.createdAt))}</h2>
        <p class="hint">{c.conversation.live ? s.live : s.away}</p>
        <ol class="messages" aria-live="polite" aria-label={s.messages}>
          {c.messages.map((m) => (
            <li key={m.seq}>
              <span class="author">{s.authors[m.author]}</span>
              <span class="small">{formatTime(m.at)}</span>
              <div>{m.text}</div>
            </li>
          ))}
        </ol>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void model.reply();
          }}
        >
          <div class="field">
            <label for="reply">{s.reply}</label>
            <textarea id="reply" rows={3} value={model.draft.value} onInput={(e) => (model.draft.value = e.currentTarget.value)} />
          </div>
          <p class="actions">
            <button type="submit">{s.send}</button>
            <button type="button" onClick={() => void model.close()} disabled={c.conversation.closed}>
              {c.conversation.closed ? s.closed : s.close}
            </button>
          </p>
          {model.failed.value && <p role="alert">{t.value.common.error}</p>}
        </form>
      </section>
      <aside aria-labelledby="visitor-h" class="panel">
        <h2 id="visitor-h">{s.visitor}</h2>
        {c.consents ? (
          <>
            <p>
              {c.conversation.replyEmail}{' '}
              {c.consents.subjects.map((x) => (
                <Flags key={x.id} restricted={!!x.restrictedAt} objected={!!x.objectedAt} erased={!!x.erasedAt} />
              ))}
            </p>
            {c.consents.records.length ? <RecordsTable records={c.consents.records} caption={t.value.consents.results(c.consents.records.length)} /> : <p>{t.value.common.none}</p>}
          </>
        ) : (
          <p>{s.noEmail}</p>
        )}
      </aside>
    </div>
  );
}

export function InboxPage() {
  const s = t.value.inbox;
  useEffect(() => model.start(), []);
  return (
    <>
      <h1>{s.title}</h1>
      <nav aria-label={s.list}>
        <ul class="plain">
          {model.list.value.map((x) => (
            <li key={x.id}>
              <button type="button" aria-current={model.current.value?.conversation.id === x.id ? 'true' : undefined} onClick={() => void model.open(x.id)}>
                {`${formatTime(x.lastActivityAt)} · ${x.site} · ${s.count(x.messageCount)}${x.handedOverAt ? ` · ${s.wantsPerson}` : ''}${x.closed ? ` · ${s.closed}` : ''}`}
              </button>
            </li>
          ))}
        </ul>
        {!model.list.value.length && <p>{t.value.common.none}</p>}
      </nav>
      <Conversation />
    </>
  );
}
