import { useSignal } from '@preact/signals';
import type { ChatModel } from './model.ts';

/** "Talk to a person", with an optional email so staff can answer after the visitor has left. */
export function Handover({ model }: { model: ChatModel }) {
  const { copy } = model;
  const email = useSignal('');
  const problem = model.problem.value;
  return (
    <form
      class="skc-view"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void model.handover(email.value);
      }}
    >
      <h3>{copy.handoverTitle}</h3>
      <p>{copy.handoverText}</p>
      <div class="skc-field">
        <label for="skc-handover-email">{copy.handoverEmail}</label>
        <input
          id="skc-handover-email"
          type="email"
          autocomplete="email"
          maxLength={254}
          data-focus
          value={email}
          aria-invalid={problem === 'email' ? true : undefined}
          onInput={(e) => (email.value = e.currentTarget.value)}
        />
      </div>
      {problem && (
        <p class="skc-error" role="alert">
          {problem === 'email' ? copy.invalid.email : copy.problems[problem as keyof typeof copy.problems] ?? copy.problems.failed}
        </p>
      )}
      <div class="skc-row">
        <button type="submit" class="skc-primary" disabled={model.busy.value}>
          {copy.handoverSend}
        </button>
        <button type="button" onClick={() => model.go('chat')}>
          {copy.cancel}
        </button>
      </div>
    </form>
  );
}

/** End and erase asks once: it cannot be undone. */
export function EraseConfirm({ model }: { model: ChatModel }) {
  const { copy } = model;
  return (
    <div class="skc-view">
      <h3 tabIndex={-1} data-focus>
        {copy.eraseTitle}
      </h3>
      <p>{copy.eraseText}</p>
      <div class="skc-row">
        <button type="button" class="skc-danger" onClick={() => void model.erase()}>
          {copy.eraseConfirm}
        </button>
        <button type="button" onClick={() => model.go('chat')}>
          {copy.cancel}
        </button>
      </div>
    </div>
  );
}
