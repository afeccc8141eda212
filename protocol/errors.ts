import { z } from 'zod';

/** One issue with a request body: where it is and what is wrong. */
export const ApiIssue = z.object({
  path: z.string(),
  message: z.string(),
});

/** The one error shape every endpoint answers with, 4xx and 5xx alike. */
export const ApiErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(ApiIssue).optional(),
});

export type ApiIssue = z.infer<typeof ApiIssue>;
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
