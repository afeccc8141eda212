import { z } from 'zod';

/**
 * The rights a visitor can exercise from the chat (GDPR Art. 15–18, 20, 21, 7(3)), plus a free question.
 * Its own module because both the chat's messages (a suggested request) and the requests use it.
 */
export const RightsKind = z.enum(['access', 'rectification', 'erasure', 'withdraw-consent', 'portability', 'restriction', 'objection', 'question']);
export type RightsKind = z.infer<typeof RightsKind>;
