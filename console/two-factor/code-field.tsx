import type { Signal } from '@preact/signals';
import { t } from '../i18n/index.ts';
import type { CodeError } from './model.ts';

/** What a refused code means, in the reader's language. */
export function codeErrorText(error: CodeError): string {
  const s = t.value.twoFactor;
  if (error.kind === 'wrong') return s.wrong;
  if (error.kind === 'used') return s.used;
  if (error.kind === 'locked') return s.locked(error.seconds);
  if (error.kind === 'expired') return s.expired;
  return t.value.common.error;
}

/**
 * The code input: `one-time-code` lets phones offer a code from the app, and it is a text input
 * (not numeric) because a recovery code has letters. The error is tied to it for screen readers.
 */
export function CodeField({ id, label, value, error }: { id: string; label: string; value: Signal<string>; error: CodeError | undefined }) {
  const errorId = `${id}-error`;
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="text"
        autoComplete="one-time-code"
        autoCapitalize="off"
        spellcheck={false}
        required
        maxLength={40}
        class="code-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        value={value.value}
        onInput={(e) => (value.value = e.currentTarget.value)}
      />
      {error && (
        <p id={errorId} role="alert" class="field-error">
          {codeErrorText(error)}
        </p>
      )}
    </div>
  );
}
