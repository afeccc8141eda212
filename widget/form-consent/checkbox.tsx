import type { ShownText } from '../../protocol/index.ts';
import type { FormModel } from './model.ts';

export interface ConsentCheckboxProps {
  model: FormModel;
  text: ShownText;
  policyUrl: string;
  /** Unique on the page, so each label points at its own box. */
  inputId: string;
}

/** The optional marketing box inside a site's form. It is never required and never pre-ticked. */
export function ConsentCheckbox({ model, text, policyUrl, inputId }: ConsentCheckboxProps) {
  return (
    <div class="field">
      <input
        id={inputId}
        type="checkbox"
        checked={model.ticked.value}
        onChange={(e) => model.setTicked((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={inputId}>
        {text.text}{' '}
        <a href={policyUrl} target="_blank" rel="noopener">
          {text.linkText}
        </a>
      </label>
    </div>
  );
}
