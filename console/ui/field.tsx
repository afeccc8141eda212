import type { Signal } from '@preact/signals';
import type { InputHTMLAttributes } from 'preact';

// Preact types `type` as a union per input kind; one loose cast here keeps callers simple.
const inputProps = (id: string, type: string, autoComplete?: string, required?: boolean) => ({ id, type, autoComplete, required }) as InputHTMLAttributes<HTMLInputElement>;

let counter = 0;
/** A labelled input bound to a signal; the id ties label and input for screen readers. */
export function Field({ label, value, type = 'text', autoComplete, required }: { label: string; value: Signal<string>; type?: 'text' | 'email' | 'password' | 'date' | 'url'; autoComplete?: string; required?: boolean }) {
  const id = `f${(counter += 1)}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input {...inputProps(id, type, autoComplete, required)} value={value.value} onInput={(e) => (value.value = e.currentTarget.value)} />
    </div>
  );
}

export function Select({ id: stable, label, value, options, onPick }: { id?: string; label: string; value: Signal<string>; options: [string, string][]; onPick?: (v: string) => void }) {
  const id = stable ?? `f${(counter += 1)}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value.value} onChange={(e) => {
          value.value = e.currentTarget.value;
          onPick?.(value.value);
        }}
      >
        <Options options={options} />
      </select>
    </div>
  );
}

interface InputProps {
  /** Stable, so a server issue can point at the field and focus can be moved to it. */
  id: string;
  label: string;
  value: Signal<string>;
  /** Shown under the field, tied to it with aria-describedby and aria-invalid. */
  error?: string | undefined;
  hint?: string;
  /** Ids of text elsewhere that also describes the field (a hint shared by two fields). */
  describedBy?: string | undefined;
  type?: 'text' | 'email' | 'url' | 'date';
  multiline?: boolean;
  /** The language of what is typed, for spelling and for screen readers. */
  lang?: string;
  required?: boolean;
  /** Called on each edit, e.g. to take away the field's error. */
  onEdit?: () => void;
}

/** A labelled input or textarea with a stable id, an optional hint and the field's own error. */
export function Input({ id, label, value, error, hint, describedBy: shared, type = 'text', multiline, lang, required, onEdit }: InputProps) {
  const describedBy = [shared ?? '', hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    lang,
    value: value.value,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
    'aria-required': required ? ('true' as const) : undefined,
    onInput: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
      value.value = e.currentTarget.value;
      onEdit?.();
    },
  };
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
      {hint && <span id={`${id}-hint`} class="hint">{hint}</span>}
      {multiline ? <textarea rows={2} {...common} /> : <input {...inputProps(id, type)} {...common} />}
      {error && <span id={`${id}-error`} class="field-error">{error}</span>}
    </div>
  );
}

/** A labelled select with a stable id, bound to a signal. */
export function Choice<T extends string>({ id, label, value, options, hint }: { id: string; label: string; value: Signal<T>; options: [T, string][]; hint?: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && <span id={`${id}-hint`} class="hint">{hint}</span>}
      <select id={id} aria-describedby={hint ? `${id}-hint` : undefined} value={value.value} onChange={(e) => (value.value = e.currentTarget.value as T)}>
        <Options options={options} />
      </select>
    </div>
  );
}

/** A labelled checkbox with a stable id, bound to a signal. */
export function Check({ id, label, value, onChange }: { id: string; label: string; value: Signal<boolean>; onChange?: (checked: boolean) => void }) {
  return (
    <div class="field checkbox">
      <input
        id={id}
        type="checkbox"
        checked={value.value}
        onChange={(e) => {
          value.value = e.currentTarget.checked;
          onChange?.(value.value);
        }}
      />
      <label for={id}>{label}</label>
    </div>
  );
}

/** The options of a select, each value with its label. */
function Options({ options }: { options: [string, string][] }) {
  return (
    <>
      {options.map(([v, text]) => (
        <option value={v} key={v}>
          {text}
        </option>
      ))}
    </>
  );
}
