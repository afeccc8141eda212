import type { z } from 'zod';
import { ApiError, toIssues } from '../../errors.ts';

/** Validates a query or body with a protocol schema; a mistake is a 400 naming the field. */
export function parse<T extends z.ZodType>(schema: T, input: unknown, hint: string): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ApiError(400, 'validation_failed', hint, { issues: toIssues(r.error) });
  return r.data;
}

/** A JSON body, or undefined when it is not JSON (the schema then names what is missing). */
export async function jsonBody(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  return c.req.json().catch(() => undefined);
}
