import type { Context } from 'hono';
import type { Lang, PolicyAnswer, RightsKind, SiteSettings } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { z } from 'zod';
import { ApiError, toIssues } from '../errors.ts';
import { allowSiteOrigin } from '../middleware/site-cors/index.ts';
import { answerQuestion } from '../services/answers/index.ts';
import type { ChatDeps } from '../services/chat-deps.ts';
import type { RateLimiter } from '../services/rate-limit.ts';
import type { StoredSite } from '../store/index.ts';
import { sha256Hex } from '../util/crypto.ts';
import { addressGroup, lastForwardedFor } from '../util/ip.ts';

/** The client's address group, for rate limits only: never logged, and stored only as a keyed hash (invariant 4). */
export function clientKey(c: Context, { config, clientAddress }: AppDeps): string {
  const address = config.trustProxy ? lastForwardedFor(c.req.header('x-forwarded-for')) : clientAddress?.(c);
  // IPv6 by its /64: rotating through one's own block must not escape a per-address limit.
  return addressGroup(address) ?? address ?? 'unknown';
}

/** 429 with `Retry-After` when over the limit. */
export async function enforce(c: Context, limiter: RateLimiter, key: string): Promise<void> {
  const r = await limiter.hit(key);
  if (r.ok) return;
  c.header('Retry-After', String(r.retryAfterSeconds));
  throw new ApiError(429, 'rate_limited', `Too many requests; try again in ${r.retryAfterSeconds} seconds.`, { extra: { retryAfter: r.retryAfterSeconds } });
}

/** A browser write must come from one of the site's origins, as for consent events. */
export function requireSiteOrigin(c: Context, site: StoredSite): void {
  if (!allowSiteOrigin(c, site.settings)) throw new ApiError(403, 'origin_not_allowed', 'This page’s origin is not registered for the site.');
}

/**
 * With a token the caller is already known; a browser's Origin must still be the site's own, and
 * a request without one (a server, a test) is let through on the token alone.
 */
export function checkOriginIfAny(c: Context, site: StoredSite | undefined): void {
  if (c.req.header('origin') === undefined) return;
  if (!site || !allowSiteOrigin(c, site.settings)) throw new ApiError(403, 'origin_not_allowed', 'This page’s origin is not registered for the site.');
}

export function bearer(c: Context): string {
  const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (!token) {
    c.header('WWW-Authenticate', 'Bearer');
    throw new ApiError(401, 'unauthorized', 'Send the token you got when this was created: Authorization: Bearer <token>.');
  }
  return token;
}

/**
 * The stored hash must match the token's. An unknown id and a wrong token get the same 404, so a
 * token holder learns nothing about other ids.
 */
export function matchToken<T extends { tokenHash: string }>(found: T | undefined, token: string, what: string): T {
  const hash = sha256Hex(token);
  // Compare hashes of equal length: the time taken says nothing about how much of it matched.
  if (!found || !equalHex(found.tokenHash, hash)) throw new ApiError(404, 'not_found', `No ${what} with this id for this token.`);
  return found;
}

function equalHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The answers to a typed question, best first, the rights request it asks for, if any, and the reply as text. */
export interface FoundAnswers {
  answers: PolicyAnswer[];
  request?: RightsKind;
  text: string;
}

/**
 * Answers a question from the site's cookie declaration and its policy (services/answers/reply.ts):
 * in the visitor's language, from the section the policy map gives the question's intent, or the
 * owner's own answer for it. `lang` is the page's: the language of a question that cannot be told.
 */
export async function findAnswers({ store }: AppDeps, chat: ChatDeps, site: SiteSettings, lang: Lang, question: string, limit = 3): Promise<FoundAnswers> {
  const reply = await answerQuestion({
    question,
    pageLang: lang,
    site,
    limit,
    policy: async (l) => (await store.getPolicy(site.key, l)) ?? undefined,
    index: (policy) => chat.policies.index(policy),
    override: async (policy, intent) => (await store.getPolicyChoices({ site: site.key, lang: policy.lang, version: policy.version }))[intent],
  });
  return { answers: reply.answers, text: reply.text, ...(reply.request ? { request: reply.request } : {}) };
}

export const BOT_TEXT = {
  handedOver: (lang: Lang, siteName: string, email: boolean) =>
    lang === 'en'
      ? `Thank you. Your question has been passed to a person at ${siteName}. The answer will appear here${email ? ', or by email if you have left' : ''}.`
      : `Takk! Spørsmålet ditt er sendt til en person hos ${siteName}. Svaret kommer her i chatten${email ? ', eller på e-post hvis du har gått' : ''}.`,
  /** Staff closed the conversation: said in the visitor's language, as the last message in it. */
  closed: (lang: Lang, siteName: string) =>
    lang === 'en'
      ? `${siteName || 'The site'} has closed this conversation, so no more messages can be sent in it. If you have more to ask, start a new conversation.`
      : `${siteName || 'Nettstedet'} har avsluttet denne samtalen, så det kan ikke sendes flere meldinger i den. Har du flere spørsmål, kan du starte en ny samtale.`,
};


/** The JSON body checked with a protocol schema: 400 naming the field, never a 500. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let json: unknown;
  try {
    const text = await c.req.text();
    json = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(400, 'validation_failed', 'The request is not valid.', { issues: toIssues(parsed.error) });
  return parsed.data;
}
