import type { ChatModel } from './model.ts';

/** Enter sends, Shift+Enter makes a new line. */
export function Composer({ model }: { model: ChatModel }) {
  const { copy } = model;
  const send = () => void model.send();
  return (
    <form
      class="skc-composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label for="skc-draft" class="skc-vh">
        {copy.draftLabel}
      </label>
      <textarea
        id="skc-draft"
        data-focus
        rows={2}
        maxLength={2000}
        placeholder={copy.draftLabel}
        aria-describedby="skc-draft-hint"
        value={model.draft}
        onInput={(e) => (model.draft.value = e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" class="skc-primary">
        {copy.send}
      </button>
      <p id="skc-draft-hint" class="skc-hint">
        {copy.draftHint}
      </p>
    </form>
  );
}
