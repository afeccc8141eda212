import { useEffect, useRef } from 'preact/hooks';
import type { PolicyAnswer } from '../../protocol/index.ts';
import type { Copy } from './copy.ts';
import type { ChatModel } from './model.ts';
import type { Entry } from './store.ts';

/**
 * The conversation. Every text here came from outside (the visitor, the policy, staff) and is
 * rendered as a text node, never as HTML.
 */
export function MessageList({ model }: { model: ChatModel }) {
  const { copy } = model;
  const entries = model.entries.value;
  const log = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [entries.length]);
  return (
    <div ref={log} class="skc-log" role="log" aria-live="polite" aria-label={copy.log} tabIndex={0}>
      {entries.length === 0 && <p class="skc-intro">{copy.intro}</p>}
      {entries.map((entry) => (
        <Line key={entry.id} entry={entry} copy={copy} onRequest={model.request} />
      ))}
    </div>
  );
}

type LineProps = { entry: Entry; copy: Copy; onRequest: ChatModel['request'] };

function Line({ entry, copy, onRequest }: LineProps) {
  if (entry.author === 'note') return <p class="skc-note">{noteText(copy, entry.text)}</p>;
  const who = entry.author === 'visitor' ? copy.you : entry.author === 'staff' ? copy.staff : entry.answers?.length ? copy.bot : copy.title;
  return (
    <div class={`skc-msg skc-${entry.author}`} data-state={entry.state}>
      <span class="skc-who">{who}</span>
      {entry.author === 'bot' ? <BotAnswer entry={entry} copy={copy} /> : <p class="skc-text">{entry.text}</p>}
      {entry.author === 'bot' && entry.request && copy.suggest[entry.request] && (
        <button type="button" class="skc-choice skc-suggest" onClick={() => onRequest(entry.request!)}>
          {copy.suggest[entry.request]}
        </button>
      )}
      {entry.state === 'queued' && <span class="skc-state">{copy.queued}</span>}
      {entry.state === 'failed' && <span class="skc-state skc-bad">{copy.failed}</span>}
    </div>
  );
}

function BotAnswer({ entry, copy }: { entry: Entry; copy: Copy }) {
  const [best, ...more] = entry.answers ?? [];
  if (!best) return <p class="skc-text">{entry.text || copy.noAnswer}</p>;
  return (
    <>
      {best.direct && <p class="skc-direct">{best.direct}</p>}
      <p class="skc-answer-title">{best.title}</p>
      <div lang={best.quoteLang}>
        <p class="skc-text">{best.excerpt}</p>
        {best.items && (
          <ul class="skc-items">
            {best.items.map((item) => (
              <li>{item}</li>
            ))}
          </ul>
        )}
      </div>
      {best.note && <p class="skc-note-quote">{best.note}</p>}
      <PolicyLink answer={best} label={copy.readMore} />
      {more.length > 0 && (
        <p class="skc-more">
          {copy.alsoSee}:{' '}
          {more.slice(0, 2).map((a, i) => (
            <>
              {i > 0 && ', '}
              <PolicyLink answer={a} />
            </>
          ))}
        </p>
      )}
    </>
  );
}

/** Only http(s) links: a `javascript:` URL in an answer must not become a clickable script. */
function PolicyLink({ answer, label }: { answer: PolicyAnswer; label?: string }) {
  let href: string | undefined;
  try {
    const url = new URL(answer.url, location.href);
    if (url.protocol === 'https:' || url.protocol === 'http:') href = url.href;
  } catch {
    href = undefined;
  }
  if (!href) return null;
  return (
    <a href={href} target="_blank" rel="noopener">
      {label ?? answer.title}
      {label && <span class="skc-vh">: {answer.title}</span>}
    </a>
  );
}

function noteText(copy: Copy, key: string): string {
  const notes: Record<string, string> = { handedOver: copy.handedOver, erased: copy.erased, closedText: copy.closedText, ...copy.problems };
  return notes[key] ?? key;
}
