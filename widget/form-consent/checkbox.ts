import { effect } from '@preact/signals-core';
import type { ShownText } from '../../protocol/index.ts';
import type { FormModel } from './model.ts';

export interface ConsentCheckboxOptions {
  model: FormModel;
  text: ShownText;
  policyUrl: string;
  /** Unique on the page, so each label points at its own box. */
  inputId: string;
}

/**
 * The optional marketing box inside a site's form. It is never required and never pre-ticked.
 * Plain DOM bound to the model's signal: this is first-load code, and Preact's ~5 KB gzip would
 * not fit the 16 KB first-visit budget for four elements.
 */
export function renderConsentCheckbox(root: ShadowRoot, { model, text, policyUrl, inputId }: ConsentCheckboxOptions): () => void {
  const field = document.createElement('div');
  field.className = 'field';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.id = inputId;
  input.addEventListener('change', () => model.setTicked(input.checked));
  const label = document.createElement('label');
  label.htmlFor = inputId;
  const link = document.createElement('a');
  link.href = policyUrl;
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = text.linkText;
  // textContent and append(string) only: the site's texts are never parsed as HTML.
  label.append(`${text.text} `, link);
  field.append(input, label);
  root.append(field);
  const stop = effect(() => {
    input.checked = model.ticked.value;
  });
  return () => {
    stop();
    field.remove();
  };
}
