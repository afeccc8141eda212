import { effect } from '@preact/signals-core';
import type { FirstLayerConfig } from '../../protocol/index.ts';
import { MARKED_FORM, type WidgetContext } from '../boot/context.ts';
import { adoptStyles } from '../ui/index.ts';
import { guard, logError } from '../util/index.ts';
import { renderConsentCheckbox } from './checkbox.ts';
import css from './checkbox.css?inline';
import { createFormModel, type FormModel } from './model.ts';
import { consentSlot, formIdOf } from './slot.ts';

export interface AttachedForm {
  formId: string;
  model: FormModel;
  text: { hash: string };
  policyUrl: string;
  decisionInput: HTMLInputElement;
  receiptInput: HTMLInputElement;
}

const attached = new WeakMap<HTMLFormElement, AttachedForm>();
let count = 0;

export function attachedForm(form: HTMLFormElement): AttachedForm | undefined {
  return attached.get(form);
}

/** Puts the consent box into every marked form not yet handled. Each form fails on its own. */
export function attachForms(ctx: WidgetContext, site: FirstLayerConfig, root: ParentNode = document): void {
  for (const form of Array.from(root.querySelectorAll<HTMLFormElement>(MARKED_FORM))) {
    guard(attachForm)(ctx, site, form);
  }
}

function attachForm(ctx: WidgetContext, site: FirstLayerConfig, form: HTMLFormElement): void {
  form.setAttribute('data-samtykke-ready', '');
  if (form.dataset.samtykke !== 'marketing') {
    // The loader kept space for a box in every form it saw; this one gets none.
    consentSlot(form, true);
    logError(`data-samtykke="${form.dataset.samtykke}" on a form is not known: use data-samtykke="marketing"`);
    return;
  }
  const formId = formIdOf(form);
  const basis = site.forms[formId]?.basis === 'existing-customer' ? 'existing-customer' : 'consent';
  const text = basis === 'existing-customer' ? site.texts.marketingEmailOptOut : site.texts.marketingEmail;
  const policyUrl = ctx.config.policyUrl ?? site.policy.url;
  const model = createFormModel(basis);

  // Usually already in place, at its height, since the loader's first look at the page.
  const host = consentSlot(form);
  // Hidden when an earlier load failed; this one got through (a later look at the page).
  if (host.style.display === 'none') host.style.display = '';
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  adoptStyles(shadow, css);
  const inputId = `samtykke-consent-${++count}`;
  const unmount = renderConsentCheckbox(shadow, { model, text, policyUrl, inputId });

  // The site's own backend or CRM gets the choice too, in the form's ordinary submission.
  const decisionInput = hiddenInput('samtykke_marketing');
  const receiptInput = hiddenInput('samtykke_receipt');
  const stop = effect(() => {
    model.ticked.value;
    decisionInput.value = model.decision();
  });
  form.append(decisionInput, receiptInput);

  attached.set(form, { formId, model, text, policyUrl, decisionInput, receiptInput });
  ctx.cleanups.push(() => {
    stop();
    unmount();
    host.remove();
    decisionInput.remove();
    receiptInput.remove();
    form.removeAttribute('data-samtykke-ready');
    attached.delete(form);
  });
}

function hiddenInput(name: string): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'hidden';
  input.name = name;
  return input;
}
