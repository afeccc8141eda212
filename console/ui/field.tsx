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

export function Select({ label, value, options, onPick }: { label: string; value: Signal<string>; options: [string, string][]; onPick?: (v: string) => void }) {
  const id = `f${(counter += 1)}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value.value} onChange={(e) => {
          value.value = e.currentTarget.value;
          onPick?.(value.value);
        }}
      >
        {options.map(([v, text]) => (
          <option value={v} key={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
