import { z } from 'zod';

/**
 * C0 control characters other than tab, line feed and carriage return; DEL; and UTF-16 surrogates
 * that are not part of a pair (with the `u` flag a paired surrogate is one code point, not `Cs`).
 */
const UNSTORABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\p{Cs}/u;

/**
 * Refuses, with a 400 naming the field, text that the two storage backends would not keep as sent:
 * - PostgreSQL `text` cannot hold U+0000 while SQLite can, so a NUL was stored on one backend and
 *   a 500 on the other (or, inside a consent batch, a 503 that the outbox retried forever);
 * - an unpaired surrogate has no UTF-8 form: the drivers write U+FFFD instead, so what is stored
 *   is no longer what the server hashed into the consent chain;
 * - the other control characters have no place in a name, a form id, a URL or a chat message,
 *   and some (ESC, BEL) act on the terminal of whoever reads a log or a CLI listing.
 * Refused rather than stripped: a consent record is evidence, and it must hold what was sent or
 * nothing. The widget never sends these: its own strings are constants, URLs come from
 * `location`, and browsers give typed text as well-formed strings (a textarea's value uses `\n`).
 */
export function plain<T extends z.ZodType<string, string>>(schema: T): T {
  return schema.refine((value) => !UNSTORABLE.test(value), {
    message: 'must not contain control characters (tab and line breaks are allowed) or unpaired surrogates',
  }) as T;
}

/** A required single- or multi-line text of at most `max` characters. */
export const plainText = (max: number) => plain(z.string().min(1).max(max));
