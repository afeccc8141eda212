import { useEffect } from 'preact/hooks';
import type { ConsoleConsentRecord, InboxConversation } from '../../protocol/index.ts';
import * as auth from '../auth/model.ts';
import { formatTime, t } from '../i18n/index.ts';
import { href } from '../router/model.ts';
import { Flags } from '../ui/flags.tsx';
import { FocusMover } from '../ui/focus.tsx';
import * as model from './model.ts';

/**
 * The inbox, laid out as Chatwoot's: the list (who, site, the last word, unread, waiting, assignee)
 * on the left, the conversation in the middle, the person's consents beside it. Messages are
 * rendered as text nodes only: a visitor's `<script>` stays characters on the screen.
 */
export function InboxPage() {
  const s = t.value.inbox;
  useEffect(() => model.start(), []);
  const counts = model.counts.value;
  return (
    <div class="inbox">
      <FocusMover />
      <h1>{s.title}</h1>
      <div class="inbox-bar">
        <div class="lang" role="group" aria-label={s.filter}>
          {(['open', 'closed', 'all'] as const).map((x) => (
            <button type="button" key={x} aria-pressed={model.state.value === x} onClick={() => model.filter(x)}>
              {s.states[x]}
              {counts && x !== 'all' ? ` (${counts[x]})` : ''}
            </button>
          ))}
        </div>
        {counts && <p class="counters">{s.counters(counts)}</p>}
      </div>
      <div class="inbox-grid">
        <nav aria-labelledby={model.LIST_HEADING} class="inbox-list">
          <h2 id={model.LIST_HEADING} tabIndex={-1}>
            {s.list}
          </h2>
          <ul class="plain">
            {model.list.value.map((x) => (
              <li key={x.id}>
                <Row item={x} />
              </li>
            ))}
          </ul>
          {model.loaded.value && !model.list.value.length && <p>{model.state.value === 'closed' ? s.noneClosed : model.state.value === 'open' ? s.noneOpen : t.value.common.none}</p>}
        </nav>
        <Conversation />
      </div>
    </div>
  );
}

function Row({ item: x }: { item: InboxConversation }) {
  const s = t.value.inbox;
  const me = auth.me.value?.id;
  const selected = model.current.value?.conversation.id === x.id;
  return (
    <button type="button" id={model.rowId(x.id)} class={`conv-row${x.unread ? ' unread' : ''}`} aria-current={selected ? 'true' : undefined} onClick={() => void model.open(x.id)}>
      <span class="conv-top">
        <span class="conv-who">{x.email ?? s.anonymous}</span>
        <span class="small">{formatTime(x.lastActivityAt)}</span>
      </span>
      <span class="conv-site small">{x.siteName}</span>
      {x.last && (
        <span class="conv-preview">
          {s.lastBy[x.last.author]}: {x.last.text}
        </span>
      )}
      <span class="conv-badges">
        {x.unread > 0 && !x.closedAt && <span class="chip chip-unread">{s.unread(x.unread)}</span>}
        {x.waiting && <span class="chip chip-waiting">{s.waiting}</span>}
        {x.closedAt && <span class="chip chip-closed">{s.closed}</span>}
        {x.assignedTo && <span class="chip chip-assigned">{x.assignedTo.id === me ? s.assignedToYou : s.assignedTo(x.assignedTo.email)}</span>}
      </span>
    </button>
  );
}

function Conversation() {
  const s = t.value.inbox;
  const c = model.current.value;
  if (!c) return <p class="inbox-empty">{s.choose}</p>;
  const conv = c.conversation;
  const mine = conv.assignedTo?.id === auth.me.value?.id;
  return (
    <>
      <section aria-labelledby={model.HEADING} class="inbox-conversation">
        <h2 id={model.HEADING} tabIndex={-1}>
          {conv.replyEmail ?? s.anonymous}
        </h2>
        <p class="hint">
          {conv.siteName} · {s.conversation(formatTime(conv.createdAt))}
          {conv.handedOverAt ? ` · ${s.wantsPerson}` : ''}
        </p>
        <p class="actions">
          <span>{conv.assignedTo ? (mine ? s.assignedToYou : s.assignedTo(conv.assignedTo.email)) : s.unassigned}</span>
          {!conv.closed && (
            <button type="button" id="assign" onClick={() => void model.assign(mine ? 'nobody' : 'me')}>
              {mine ? s.unassignMe : s.assignMe}
            </button>
          )}
        </p>
        {/* Scrolls when long: focusable, so a keyboard can scroll it too. */}
        <ol class="messages" aria-live="polite" aria-label={s.messages} tabIndex={0}>
          {c.messages.map((m) => (
            <li key={m.seq} class={`msg-${m.author}`}>
              <span class="author">{s.authors[m.author]}</span>
              <span class="small">{formatTime(m.at)}</span>
              <div>{m.text}</div>
            </li>
          ))}
        </ol>
        {conv.closed ? (
          <p class="hint">{s.closedNote}</p>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void model.reply();
            }}
          >
            <p class="hint">{conv.live ? s.live : s.away}</p>
            <div class="field">
              <label for={model.REPLY}>{s.reply}</label>
              <textarea id={model.REPLY} rows={3} value={model.draft.value} onInput={(e) => (model.draft.value = e.currentTarget.value)} />
            </div>
            <p class="actions">
              <button type="submit">{s.send}</button>
              <button type="button" class="danger" onClick={() => void model.close()}>
                {s.close}
              </button>
            </p>
          </form>
        )}
        {model.failed.value && <p role="alert">{t.value.common.error}</p>}
      </section>
      <aside aria-labelledby="visitor-h" class="panel inbox-person">
        <h2 id="visitor-h">{s.visitor}</h2>
        {c.consents && conv.replyEmail ? (
          <>
            <p class="conv-who">
              {conv.replyEmail}{' '}
              {c.consents.subjects.map((x) => (
                <Flags key={x.id} restricted={!!x.restrictedAt} objected={!!x.objectedAt} erased={!!x.erasedAt} />
              ))}
            </p>
            <ConsentList records={c.consents.records} email={conv.replyEmail} />
          </>
        ) : (
          <p>{s.noEmail}</p>
        )}
      </aside>
    </>
  );
}

/** The person's consents as a narrow list (newest first) that fits the side panel: no table, no sideways scrolling. */
function ConsentList({ records, email }: { records: ConsoleConsentRecord[]; email: string }) {
  const s = t.value.inbox;
  if (!records.length) return <p>{s.noConsents}</p>;
  return (
    <>
      <p class="hint">{s.consentsFor(email)}</p>
      <ul class="plain consent-list">
        {records.map((r) => (
          <li key={r.eventId}>
            <span class="small">{formatTime(r.receivedAt)}</span> · <span class="small">{r.kind === 'cookie-choice' ? s.cookieChoice : s.form(r.formId ?? '–')}</span>
            <ul class="plain">
              {r.purposes.map((p) => (
                <li key={p.purpose}>
                  {s.purposes[p.purpose] ?? p.purpose}: <strong>{t.value.stored.decision[p.decision]}</strong>
                </li>
              ))}
            </ul>
            <a href={href('proof', r.eventId)}>
              {t.value.consents.proof}
              <span class="sr-only"> {r.receiptId}</span>
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
