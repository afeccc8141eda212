import { z } from 'zod';
import { Lang } from './config.ts';
import { plain } from './text.ts';

/**
 * What a privacy policy must answer (GDPR Art. 13 and 14), the same on every site: the chat
 * reads each question as one of these, and each site's policy is mapped onto them.
 */
export const PolicyIntent = z.enum([
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
]);
export type PolicyIntent = z.infer<typeof PolicyIntent>;

/** The longest answer of the owner's own the chat gives for an intent: a short answer, not a second policy. */
export const MAX_OWN_ANSWER = 600;

/**
 * `PUT /console/api/sites/:key/policies/:lang/map/:intent` (owner): another section of the policy
 * for this intent, or a short answer of the owner's own, for the policy version now saved.
 * `DELETE` on the same path goes back to what the chat found.
 */
export const PolicyMapChoice = z
  .object({
    sectionId: plain(z.string().min(1).max(300)).optional(),
    answer: plain(z.string().trim().min(1, 'must not be empty').max(MAX_OWN_ANSWER, `must be at most ${MAX_OWN_ANSWER} characters`)).optional(),
  })
  .strict()
  .refine((v) => (v.sectionId === undefined) !== (v.answer === undefined), { message: 'give either sectionId or answer, not both', path: ['answer'] });
export type PolicyMapChoice = z.infer<typeof PolicyMapChoice>;

/** One intent as the console shows it: where the chat answers it from, and the reply it gives. */
export const PolicyMapEntry = z.object({
  intent: PolicyIntent,
  /** "how long data is kept", in the console's language. */
  topic: z.string(),
  /** `found`: the chat's own pick; `chosen`: a section the owner picked; `own`: the owner's text; `gap`: the policy does not say. */
  source: z.enum(['found', 'chosen', 'own', 'gap']),
  sectionId: z.string().nullable(),
  sectionTitle: z.string().nullable(),
  /** The question the reply is shown for. */
  question: z.string(),
  /** The reply the chat gives to that question, as plain text. */
  reply: z.string(),
});
export type PolicyMapEntry = z.infer<typeof PolicyMapEntry>;

/** `GET /console/api/sites/:key/policies/:lang/map`. */
export const PolicyMapView = z.object({
  lang: Lang,
  version: z.string(),
  sections: z.array(z.object({ id: z.string(), title: z.string() })),
  entries: z.array(PolicyMapEntry),
});
export type PolicyMapView = z.infer<typeof PolicyMapView>;
