import type { ChatModel } from './model.ts';

/** Enter sends, Shift+Enter makes a new line. */
export function Composer({ model }: { model: ChatModel }) {
  const { copy } = model;
  const send = () => void model.send();
  return (
    <form
      class="sk-composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label for="sk-draft" class="sk-vh">
        {copy.draftLabel}
      </label>
      <textarea
        id="sk-draft"
        data-focus
        rows={2}
        maxLength={2000}
        placeholder={copy.draftLabel}
        aria-describedby="sk-draft-hint"
        value={model.draft}
        onInput={(e) => (model.draft.value = e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" class="sk-primary">
        {copy.send}
      </button>
      <p id="sk-draft-hint" class="sk-hint">
        {copy.draftHint}
      </p>
    </form>
  );
}
