import type { Context } from 'hono';
import type { Lang, PolicyAnswer, RightsKind, SiteSettings } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { z } from 'zod';
import { ApiError, toIssues } from '../errors.ts';
import { allowSiteOrigin } from '../middleware/site-cors/index.ts';
import { answerFromCookieDeclaration, COOKIE_DECLARATION_ID, readRightsIntent, rightsSection } from '../services/answers/index.ts';
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

/** The answers to a typed question, best first, and the rights request it asks for, if any. */
export interface FoundAnswers {
  answers: PolicyAnswer[];
  request?: RightsKind;
}

/**
 * A question about cookies or trackers is answered first from what the site declares for its
 * cookie notice, with the policy's own sections after it. Anything else, and a cookie question on
 * a site that declares nothing, from the site's policy in this language, or else its other one;
 * no policy, no answers. A question that asks to use a right ("kan jeg se dataene mine") is
 * answered by the policy's section on rights first, whatever else matched its words, and carries
 * the request the chat then offers.
 */
export async function findAnswers({ store }: AppDeps, chat: ChatDeps, site: SiteSettings, lang: Lang, question: string, limit = 3): Promise<FoundAnswers> {
  const declared = answerFromCookieDeclaration(site, lang, question);
  const request = readRightsIntent(question, lang);
  const policy = await store.getPolicy(site.key, lang) ?? await store.getPolicy(site.key, lang === 'nb' ? 'en' : 'nb');
  const index = policy && chat.policies.index(policy);
  let found = index ? index.ask(question, { limit }) : [];
  const rights = request && index ? rightsSection(index, question, found) : undefined;
  if (rights) found = [rights, ...found.filter((a) => a.sectionId !== rights.sectionId)];
  // A cookie question stays answered from the declaration first: "trekk samtykket til informasjonskapsler" is about that choice.
  const answers = declared ? [declared, ...found].slice(0, limit) : found.slice(0, limit);
  return { answers, ...(request ? { request } : {}) };
}

export const BOT_TEXT = {
  answer: (lang: Lang, { sectionId, title, excerpt }: PolicyAnswer) => {
    // The cookie declaration's answer is in our own words already, not a quote from the policy.
    if (sectionId === COOKIE_DECLARATION_ID) return excerpt;
    return lang === 'en' ? `This is what the privacy policy says under “${title}”: ${excerpt}` : `Dette står i personvernerklæringen om «${title}»: ${excerpt}`;
  },
  noAnswer: (lang: Lang) =>
    lang === 'en'
      ? 'I could not find that in the privacy policy. Would you like a person to answer? Choose “Talk to a person”.'
      : 'Jeg fant ikke noe om dette i personvernerklæringen. Vil du at en person skal svare deg? Velg «Snakk med et menneske».',
  handedOver: (lang: Lang, siteName: string, email: boolean) =>
    lang === 'en'
      ? `Thank you. Your question has been passed to a person at ${siteName}. The answer will appear here${email ? ', or by email if you have left' : ''}.`
      : `Takk! Spørsmålet ditt er sendt til en person hos ${siteName}. Svaret kommer her i chatten${email ? ', eller på e-post hvis du har gått' : ''}.`,
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
