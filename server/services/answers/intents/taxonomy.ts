import type { Lang, RightsKind } from '../../../../protocol/index.ts';

/**
 * What a visitor can ask a privacy chat. Every GDPR policy must answer the same questions (Art. 13
 * and 14), so the intents are the same on every site and only the answers differ. The last five
 * are not answered from the policy.
 */
export const POLICY_INTENTS = [
  'controller',
  'contact',
  'data_collected',
  'purposes',
  'legal_basis',
  'legitimate_interest',
  'recipients',
  'selling',
  'transfer',
  'retention',
  'rights',
  'right_access',
  'right_rectification',
  'right_erasure',
  'right_withdraw',
  'right_portability',
  'right_restriction',
  'right_objection',
  'complaint',
  'source',
  'automated',
  'cookies',
  'security',
  'children',
  'changes',
  'unsubscribe',
] as const;
export const OTHER_INTENTS = ['person', 'greeting', 'thanks', 'out_of_scope'] as const;
export type PolicyIntent = (typeof POLICY_INTENTS)[number];
export type Intent = PolicyIntent | (typeof OTHER_INTENTS)[number];
export const INTENTS: readonly Intent[] = [...POLICY_INTENTS, ...OTHER_INTENTS];

export const isPolicyIntent = (intent: string): intent is PolicyIntent => (POLICY_INTENTS as readonly string[]).includes(intent);

/** A question about a right, or a request to use it, offers the request form for it. */
export const REQUEST_OF: Partial<Record<Intent, RightsKind>> = {
  right_access: 'access',
  right_rectification: 'rectification',
  right_erasure: 'erasure',
  right_withdraw: 'withdraw-consent',
  right_portability: 'portability',
  right_restriction: 'restriction',
  right_objection: 'objection',
  unsubscribe: 'withdraw-consent',
};

/** Where an intent with no section of its own is answered: each right by the rights section. */
export const FALLBACK_OF: Partial<Record<PolicyIntent, PolicyIntent>> = {
  right_access: 'rights',
  right_rectification: 'rights',
  right_erasure: 'rights',
  right_withdraw: 'rights',
  right_portability: 'rights',
  right_restriction: 'rights',
  right_objection: 'rights',
  unsubscribe: 'right_withdraw',
  legitimate_interest: 'legal_basis',
  selling: 'recipients',
  source: 'data_collected',
  complaint: 'contact',
};

/** Each intent as the console and the chat name it: "what the policy says about …". */
export const TOPIC: Record<PolicyIntent, Record<Lang, string>> = {
  controller: { nb: 'hvem som er behandlingsansvarlig', en: 'who is responsible for your data' },
  contact: { nb: 'hvordan du kontakter dem om personvern', en: 'how to contact them about privacy' },
  data_collected: { nb: 'hvilke opplysninger som samles inn', en: 'what data is collected' },
  purposes: { nb: 'hva opplysningene brukes til', en: 'what the data is used for' },
  legal_basis: { nb: 'det rettslige grunnlaget', en: 'the legal basis' },
  legitimate_interest: { nb: 'berettiget interesse', en: 'legitimate interests' },
  recipients: { nb: 'hvem opplysningene deles med', en: 'who the data is shared with' },
  selling: { nb: 'om opplysningene selges', en: 'whether data is sold' },
  transfer: { nb: 'overføring til land utenfor EØS', en: 'transfers outside the EEA' },
  retention: { nb: 'hvor lenge opplysningene lagres', en: 'how long data is kept' },
  rights: { nb: 'rettighetene dine', en: 'your rights' },
  right_access: { nb: 'innsyn', en: 'access to your data' },
  right_rectification: { nb: 'retting', en: 'correcting your data' },
  right_erasure: { nb: 'sletting', en: 'erasure' },
  right_withdraw: { nb: 'å trekke tilbake samtykke', en: 'withdrawing consent' },
  right_portability: { nb: 'dataportabilitet', en: 'data portability' },
  right_restriction: { nb: 'begrensning av behandlingen', en: 'restricting processing' },
  right_objection: { nb: 'protest mot behandlingen', en: 'objecting to processing' },
  complaint: { nb: 'klage til tilsynsmyndigheten', en: 'complaints to the supervisory authority' },
  source: { nb: 'hvor opplysningene kommer fra', en: 'where the data comes from' },
  automated: { nb: 'automatiserte avgjørelser og profilering', en: 'automated decisions and profiling' },
  cookies: { nb: 'informasjonskapsler og sporing', en: 'cookies and tracking' },
  security: { nb: 'sikkerhet', en: 'security' },
  children: { nb: 'barn', en: 'children' },
  changes: { nb: 'endringer i erklæringen', en: 'changes to the policy' },
  unsubscribe: { nb: 'å melde seg av utsendelser', en: 'unsubscribing' },
};
