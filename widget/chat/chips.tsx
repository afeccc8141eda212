import type { ChipKey } from './copy.ts';
import type { ChatModel } from './model.ts';

const CHIPS: ChipKey[] = ['collect', 'why', 'keep', 'share', 'usa', 'rights', 'contact'];

export function Chips({ model }: { model: ChatModel }) {
  const { copy } = model;
  return (
    <div class="skc-chips" role="group" aria-label={copy.chipsLabel}>
      {CHIPS.map((key) => (
        <button key={key} type="button" class="skc-chip" onClick={() => void model.ask(key)}>
          {copy.chips[key]}
        </button>
      ))}
    </div>
  );
}
