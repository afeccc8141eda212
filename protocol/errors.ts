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
  /** The request's id, also in its `X-Request-Id` header and on the server's log lines for it: quote it when reporting a problem. */
  requestId: z.string().optional(),
});

export type ApiIssue = z.infer<typeof ApiIssue>;
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
