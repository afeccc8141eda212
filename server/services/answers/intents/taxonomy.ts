import { PolicyIntent as PolicyIntentSchema, type Lang, type RightsKind } from '../../../../protocol/index.ts';

/**
 * What a visitor can ask a privacy chat. Every GDPR policy must answer the same questions (Art. 13
 * and 14), so the intents are the same on every site and only the answers differ. The last five
 * are not answered from the policy.
 */
export const POLICY_INTENTS = PolicyIntentSchema.options;
export const OTHER_INTENTS = ['person', 'greeting', 'thanks', 'out_of_scope'] as const;
export type PolicyIntent = (typeof POLICY_INTENTS)[number];

/** The question the console shows each intent's reply for. */
export const SAMPLE_QUESTION: Record<PolicyIntent, Record<Lang, string>> = {
  controller: { nb: 'Hvem er behandlingsansvarlig?', en: 'Who is the controller?' },
  contact: { nb: 'Hvordan kontakter jeg dere om personvern?', en: 'How do I contact you about privacy?' },
  data_collected: { nb: 'Hvilke opplysninger samler dere inn?', en: 'What data do you collect?' },
  purposes: { nb: 'Hva bruker dere opplysningene til?', en: 'What do you use my data for?' },
  legal_basis: { nb: 'Hva er det rettslige grunnlaget?', en: 'What is your legal basis?' },
  legitimate_interest: { nb: 'Hvilken berettiget interesse har dere?', en: 'What legitimate interest do you rely on?' },
  recipients: { nb: 'Hvem deler dere opplysningene med?', en: 'Who do you share my data with?' },
  selling: { nb: 'Selger dere opplysningene mine?', en: 'Do you sell my data?' },
  transfer: { nb: 'Overføres opplysningene ut av EØS?', en: 'Is my data transferred outside the EEA?' },
  retention: { nb: 'Hvor lenge lagrer dere opplysningene?', en: 'How long do you keep my data?' },
  rights: { nb: 'Hvilke rettigheter har jeg?', en: 'What rights do I have?' },
  right_access: { nb: 'Kan jeg få innsyn i opplysningene mine?', en: 'Can I see the data you hold about me?' },
  right_rectification: { nb: 'Hvordan retter jeg feil opplysninger?', en: 'How do I correct wrong data?' },
  right_erasure: { nb: 'Kan dere slette opplysningene mine?', en: 'Can you delete my data?' },
  right_withdraw: { nb: 'Hvordan trekker jeg tilbake samtykket?', en: 'How do I withdraw my consent?' },
  right_portability: { nb: 'Kan jeg få opplysningene mine som fil?', en: 'Can I get my data as a file?' },
  right_restriction: { nb: 'Kan jeg be dere begrense behandlingen?', en: 'Can I ask you to restrict processing?' },
  right_objection: { nb: 'Kan jeg protestere mot behandlingen?', en: 'Can I object to the processing?' },
  complaint: { nb: 'Hvor kan jeg klage?', en: 'Where can I complain?' },
  source: { nb: 'Hvor har dere fått opplysningene fra?', en: 'Where did you get my data from?' },
  automated: { nb: 'Bruker dere automatiserte avgjørelser?', en: 'Do you use automated decisions?' },
  cookies: { nb: 'Bruker dere informasjonskapsler?', en: 'Do you use cookies?' },
  security: { nb: 'Hvordan sikrer dere opplysningene?', en: 'How do you protect my data?' },
  children: { nb: 'Behandler dere opplysninger om barn?', en: 'Do you process data about children?' },
  changes: { nb: 'Får jeg beskjed om endringer i erklæringen?', en: 'Will I be told about changes to the policy?' },
  unsubscribe: { nb: 'Hvordan melder jeg meg av nyhetsbrevet?', en: 'How do I unsubscribe from the newsletter?' },
};
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
