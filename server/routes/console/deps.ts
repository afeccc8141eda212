import type { Hono } from 'hono';
import type { SessionPolicy } from '../../middleware/console-auth/index.ts';
import type { HashQueue, PasswordHasher } from '../../services/passwords/index.ts';
import type { Mailer } from '../../services/mail/index.ts';

/** What the console needs beyond the app's deps. Node-side pieces come in here, so app.ts stays runtime-free. */
export interface ConsoleDeps {
  passwords: PasswordHasher;
  /** Bounds the sign-in hashes running and waiting. @default createHashQueue(): 1 running, 8 waiting */
  hashQueue?: HashQueue;
  /** The built console (`dist/console`): index.html and hashed assets. */
  assets?: Hono;
  /** For the chain-head digest and request notifications. Absent: those are skipped and logged. */
  mailer?: Mailer;
  session?: SessionPolicy;
  /** `sha384-…` of the current `samtykke.js`, for the snippet's Subresource Integrity. */
  widgetIntegrity?: () => Promise<string | undefined>;
  /** The key that signs chain digests (SAMTYKKE_DIGEST_KEY), to check a pasted one. @default none */
  digestKey?: string;
  /** Days between an erasure and the purge (the policy promises 30). @default 30 */
  purgeAfterDays?: number;
}
