import type { ConsentEvent, LegalBasis, FirstLayerConfig } from '../../protocol/index.ts';
import type { WidgetContext } from '../boot/context.ts';
import { readChoice } from '../cookie-notice/index.ts';
import { pageUrl, uuidv7 } from '../util/index.ts';

export interface FormChoice {
  email: string;
  formId: string;
  basis: Exclude<LegalBasis, 'gpc-refusal'>;
  /** Whether the box was ticked when the form was sent. */
  ticked: boolean;
  textHash: string;
  policyUrl: string;
}

/**
 * Builds the proof of one choice made in a form (GDPR Art. 7(1): the controller must be able to
 * show what the person agreed to, when and where). An unticked box is a refusal and is recorded
 * as one, not left out.
 */
export function buildFormProof(ctx: WidgetContext, site: FirstLayerConfig, choice: FormChoice, now = new Date()): ConsentEvent {
  // For existing customers the box says "no thanks": ticking it is the opt-out.
  const granted = choice.basis === 'existing-customer' ? !choice.ticked : choice.ticked;
  // The browser's cookie-choice id, so the server can link this person's cookie choices to the email.
  const consentId = readChoice()?.consentId;
  return {
    id: uuidv7(now.getTime()),
    kind: 'form-consent',
    subject: { email: choice.email.trim().toLowerCase() },
    purposes: [{ purpose: 'marketing-email', decision: granted ? 'granted' : 'declined' }],
    basis: choice.basis,
    notice: { textHash: choice.textHash, lang: site.lang, policyUrl: choice.policyUrl, policyVersion: site.policy.version },
    collection: {
      formId: choice.formId,
      pageUrl: pageUrl(),
      clientTime: now.toISOString(),
      widgetVersion: ctx.version,
      ...(consentId ? { consentId } : {}),
    },
  };
}
