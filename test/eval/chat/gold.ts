/**
 * What counts as the right first answer, per policy and intent: a pattern on the answer's section
 * title, `cookies` (the site's cookie declaration) or `none` (no excerpt: the honest reply is the
 * offer to ask a person). Written with the report split, before the engine was changed.
 */
export type EvalPolicy = 'nb' | 'en' | 'nf';
export type Gold = RegExp | 'cookies' | 'none';

const RIGHTS: Record<EvalPolicy, RegExp> = { nb: /Dine rettigheter/, en: /Your rights/, nf: /rettigheter/i };

const right = (p: EvalPolicy) => RIGHTS[p];

export function goldFor(policy: EvalPolicy, intent: string): Gold {
  const table: Record<string, Record<EvalPolicy, Gold>> = {
    controller: { nb: /Hvem er vi/, en: /Who are we/, nf: /Hvem er vi/ },
    contact: { nb: /Kontakt oss|Hvem er vi/, en: /Contact us|Who are we/, nf: /Kontakt oss|Hvem er vi/ },
    data_collected: { nb: /Hvilke personopplysninger|Databehandlere/, en: /What personal data|processors/, nf: /Hvilken type personopplysninger|Behandling av Personopplysninger/i },
    purposes: { nb: /Hvorfor bruker/, en: /Why do we use/, nf: /Hvorfor samler/ },
    legal_basis: { nb: /rettslig grunnlag/, en: /legal basis/, nf: /hjemmel|basert på/i },
    legitimate_interest: { nb: /rettslig grunnlag/, en: /legal basis/, nf: /hjemmel|berettiget interesse/i },
    recipients: { nb: /Deler vi|Databehandlere/, en: /share your data|processors/i, nf: /Deler vi|Tredjeparts|Behandling av Personopplysninger/i },
    selling: { nb: /Deler vi/, en: /share your data/i, nf: /Deler vi/ },
    transfer: { nb: /USA|Databehandlere/, en: /USA|processors/, nf: /Internasjonal|Behandling av Personopplysninger/i },
    retention: { nb: /Hvor lenge/, en: /How long/, nf: /Hvor lenge/ },
    complaint: { nb: /Tilsynsmyndighet/, en: /Supervisory/, nf: /Tilsynsmyndighet/ },
    source: { nb: /Når samler/, en: /When do we collect/, nf: /Når samler/ },
    security: { nb: /Datasikkerhet/, en: /Data security/, nf: /Datasikkerhet/ },
    changes: { nb: /Endringer/, en: /Changes/, nf: /Endringer/ },
    cookies: { nb: 'cookies', en: 'cookies', nf: 'cookies' },
    automated: { nb: 'none', en: 'none', nf: 'none' },
    children: { nb: 'none', en: 'none', nf: 'none' },
    person: { nb: 'none', en: 'none', nf: 'none' },
    greeting: { nb: 'none', en: 'none', nf: 'none' },
    thanks: { nb: 'none', en: 'none', nf: 'none' },
    out_of_scope: { nb: 'none', en: 'none', nf: 'none' },
  };
  if (intent.startsWith('right_') || intent === 'unsubscribe') return right(policy);
  const found = table[intent];
  if (!found) throw new Error(`No gold for intent ${intent}`);
  return found[policy];
}
