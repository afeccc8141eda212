import type { FirstLayerConfig } from '../../protocol/index.ts';
import { announce, type WidgetContext } from '../boot/context.ts';
import { addReceipt, getOutbox } from '../outbox/index.ts';
import { guard, logWarn } from '../util/index.ts';
import { attachedForm } from './attach.ts';
import { buildFormProof } from './proof.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Records the choice when a marked form is sent. It listens in the capture phase on the document
 * so the hidden inputs are filled before the site's own handlers read the form, and it never
 * calls preventDefault: the site's submit goes ahead whatever happens here.
 */
export function listenForSubmits(ctx: WidgetContext, site: FirstLayerConfig): () => void {
  const onSubmit = guard((event: Event) => {
    const form = event.target as HTMLFormElement;
    const state = attachedForm(form);
    if (!state) return;
    const email = findEmail(form);
    if (!email) {
      logWarn(`form "${state.formId}" was sent without an email address, so its consent choice is not recorded; mark the field with data-samtykke-email-field="<name>"`);
      return;
    }
    const proof = buildFormProof(ctx, site, {
      email,
      formId: state.formId,
      basis: state.model.basis,
      ticked: state.model.ticked.value,
      textHash: state.text.hash,
      policyUrl: state.policyUrl,
    });
    state.receiptInput.value = proof.id;
    const decision = proof.purposes[0]!.decision;
    addReceipt({ id: proof.id, purpose: 'marketing-email', decision, formId: state.formId, at: proof.collection.clientTime });
    void getOutbox(ctx).enqueue({ id: proof.id, api: ctx.config.api, site: ctx.config.site, kind: 'consent-event', payload: proof, createdAt: Date.now() });
    announce('consent', { formId: state.formId, purpose: 'marketing-email', decision, receiptId: proof.id });
  });
  document.addEventListener('submit', onSubmit, true);
  return () => document.removeEventListener('submit', onSubmit, true);
}

/** `data-samtykke-email-field` names the field; otherwise the form's first email input. */
export function findEmail(form: HTMLFormElement): string | undefined {
  const name = form.dataset.samtykkeEmailField;
  const field = name ? form.elements.namedItem(name) : form.querySelector('input[type=email]');
  const value = field && 'value' in field ? String(field.value).trim() : '';
  return EMAIL.test(value) ? value : undefined;
}
