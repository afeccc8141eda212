/**
 * The one-click way out of marketing mail (the policy's "easy way out"): a link per person and
 * site that withdraws their marketing consent without signing in or a code, because only the
 * mailbox it was sent to has it. The token is the site and address sealed with AES-256-GCM under a
 * key derived from the server secret: the address never appears in a URL (or the logs that keep
 * URLs), a token cannot be made for someone else, and none is stored, so old links keep working.
 * Backend-neutral; each store exposes it with its own secret.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV = 12;
const TAG = 16;
const AAD = Buffer.from('samtykke:unsubscribe:v1');

export interface UnsubscribeTokens {
  issue(site: string, email: string): string;
  /** The site and address a token was issued for; undefined for anything forged, cut or altered. */
  read(token: string): { site: string; email: string } | undefined;
}

export function createUnsubscribeTokens(secret: string): UnsubscribeTokens {
  const key = createHash('sha256').update('samtykke:unsubscribe-key:').update(secret).digest();
  return {
    issue(site, email) {
      const iv = randomBytes(IV);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
      const body = Buffer.concat([cipher.update(`${site}\n${email}`, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    read(token) {
      if (!/^[\w-]{40,600}$/.test(token)) return undefined;
      const raw = Buffer.from(token, 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV)).setAAD(AAD);
        decipher.setAuthTag(raw.subarray(IV, IV + TAG));
        const plain = Buffer.concat([decipher.update(raw.subarray(IV + TAG)), decipher.final()]).toString('utf8');
        const at = plain.indexOf('\n');
        return at > 0 ? { site: plain.slice(0, at), email: plain.slice(at + 1) } : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** The store methods, for a backend's console repository. */
export const unsubscribeMethods = (tokens: UnsubscribeTokens) => ({
  unsubscribeToken: (site: string, email: string) => tokens.issue(site, email),
  readUnsubscribeToken: (token: string) => tokens.read(token),
});

export const asyncUnsubscribeMethods = (tokens: UnsubscribeTokens) => ({
  unsubscribeToken: async (site: string, email: string) => tokens.issue(site, email),
  readUnsubscribeToken: async (token: string) => tokens.read(token),
});
