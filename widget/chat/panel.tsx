import { useEffect, useRef } from 'preact/hooks';
import { Chips } from './chips.tsx';
import { Composer } from './composer.tsx';
import { EraseConfirm, Handover } from './handover.tsx';
import { MessageList } from './message-list.tsx';
import type { ChatModel } from './model.ts';
import { RequestList } from './request-list.tsx';
import { RightsRequest } from './rights-request.tsx';

/**
 * The bottom-right panel. Not modal: the visitor can keep reading the page beside it, so focus is
 * not trapped, but it moves in on open and on every step, and Escape closes it.
 */
export function ChatPanel({ model }: { model: ChatModel }) {
  const { copy } = model;
  const view = model.view.value;
  const step = view === 'rights' ? model.rights.flow.value.step : '';
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    panel.current?.querySelector<HTMLElement>('[data-focus]')?.focus();
  }, [view, step, model.closed.value]);
  const status = model.status.value;
  return (
    <section
      ref={panel}
      class="skc-chat"
      role="dialog"
      aria-labelledby="skc-chat-title"
      lang={model.lang}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          model.close();
        }
      }}
    >
      <div class="skc-head">
        <h2 id="skc-chat-title">{copy.title}</h2>
        <p class="skc-status" data-status={status}>
          {copy[status]}
        </p>
        <button type="button" class="skc-close" aria-label={copy.close} onClick={model.close}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {view === 'chat' && (
        <>
          <RequestList model={model} />
          <MessageList model={model} />
          <Chips model={model} />
          {model.closed.value ? (
            <div class="skc-closed">
              <p>{copy.closedShort}</p>
              <button type="button" class="skc-primary" data-focus onClick={() => void model.startNew()}>
                {copy.newChat}
              </button>
            </div>
          ) : (
            <Composer model={model} />
          )}
          <nav class="skc-actions" aria-label={copy.actions}>
            {!model.closed.value && (
              <button type="button" class="skc-link" onClick={() => model.go('handover')}>
                {copy.toPerson}
              </button>
            )}
            <button type="button" class="skc-link" onClick={() => model.go('rights')}>
              {copy.useRights}
            </button>
            <button type="button" class="skc-link" onClick={() => model.go('erase')}>
              {copy.erase}
            </button>
          </nav>
        </>
      )}
      {view === 'rights' && <RightsRequest model={model} />}
      {view === 'handover' && <Handover model={model} />}
      {view === 'erase' && <EraseConfirm model={model} />}
    </section>
  );
}
