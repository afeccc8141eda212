import { Hono, type Context } from 'hono';
import { EventBatch, type EventBatchResult } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError, toIssues } from '../errors.ts';
import { allowSiteOrigin } from '../middleware/site-cors/index.ts';
import { checkEvents } from '../services/check-events.ts';
import { startDoubleOptIns } from '../services/double-opt-in/index.ts';
import type { Mailer } from '../services/mail/index.ts';
import { createRateLimiter } from '../services/rate-limit.ts';
import type { NewConsentEvent, StoredSite } from '../store/index.ts';
import { lastForwardedFor, truncateIp } from '../util/ip.ts';
import { clientKey, enforce } from './chat-support.ts';
import { batchResponse } from './events-response.ts';
import { requireSiteSecret } from './site-secret.ts';

const MEDIA_TYPES = new Set(['application/json', 'text/plain']);
const MAX_USER_AGENT = 512;

/**
 * `POST /v1/events`: a batch of consent proofs, each stored or refused on its own. New grants on a
 * form with double opt-in get their confirmation mail from `mailer` after the answer is decided
 * (not awaited: a visitor's form never waits on SMTP).
 */
export function eventRoutes(deps: AppDeps, mailer: Mailer) {
  const { store, clock, log } = deps;
  // Per client address, before the body is read, so a flood costs us little. A generous default:
  // one office behind one NAT address is many visitors, and the widget's outbox retries a 429 later.
  const perClient = createRateLimiter({ limit: deps.config.eventsPerMinute ?? 600, windowMs: 60_000, clock });
  return new Hono().post('/', async (c) => {
    // A site's backend (Authorization: its secret key) is one trusted writer, not a visitor: never counted.
    // A wrong key is still refused below, so the header buys a flood nothing but 401s.
    if (c.req.header('authorization') === undefined) {
      try {
        await enforce(c, perClient, clientKey(c, deps));
      } catch (error) {
        // Lets the widget read the 429 and keep the batch for later, instead of seeing a CORS failure.
        const origin = c.req.header('origin');
        if (origin && origin !== 'null' && await store.isKnownOrigin(origin)) c.header('Access-Control-Allow-Origin', origin);
        throw error;
      }
    }
    const batch = await readBatch(c);
    const stored = await store.getSite(batch.site);
    if (!stored) throw new ApiError(404, 'unknown_site', 'No site has this key.');
    const source = await authorise(c, deps, stored);

    const checked = checkEvents(batch.site, batch.events);
    const receivedAt = clock();
    const userAgent = c.req.header('user-agent')?.slice(0, MAX_USER_AGENT) || undefined;
    const ipTruncated = source === 'browser' && stored.settings.ipAddress === 'truncated' ? truncateIp(clientAddress(c, deps)) : undefined;
    const valid = checked.flatMap((x) => (x.ok ? [x] : []));
    const items: NewConsentEvent[] = valid.map(({ event }) => ({ site: batch.site, event, receivedAt, source, userAgent, ipTruncated }));
    const results = await store.appendConsentEvents(items);

    const result: EventBatchResult = { acked: [], rejected: [] };
    const issues = checked.flatMap((x) => (x.ok ? [] : x.issues));
    for (const x of checked) if (!x.ok) result.rejected.push({ id: x.id, error: x.error, message: x.message });
    for (const r of results) {
      if (r.ok) result.acked.push({ id: r.id, receiptId: r.receiptId, replay: r.replay });
      else result.rejected.push({ id: r.id, error: r.error, message: r.message });
    }
    const grants = results.flatMap((r, i) => (r.ok ? [{ event: items[i]!.event, replay: r.replay }] : []));
    void startDoubleOptIns({ store, mailer, publicUrl: deps.config.publicUrl, log }, stored.settings, grants, receivedAt);
    // Counts and codes only: ids and bodies stay out of the log.
    log.info('events', { site: batch.site, source, acked: result.acked.length, rejected: result.rejected.length });
    return batchResponse(c, result, issues);
  });
}

async function readBatch(c: Context): Promise<{ site: string; events: unknown[] }> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  // text/plain is accepted because it keeps the widget's keepalive request free of a CORS preflight.
  if (!MEDIA_TYPES.has(mediaType)) throw new ApiError(415, 'unsupported_media_type', 'Send the batch as application/json or text/plain.');
  let json: unknown;
  try {
    json = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON.');
  }
  const parsed = EventBatch.safeParse(json);
  if (!parsed.success) throw new ApiError(400, 'validation_failed', 'The batch is not valid.', { issues: toIssues(parsed.error) });
  return parsed.data;
}

/**
 * A browser write must come from one of the site's origins. A request with the site's secret key
 * is the site's own backend writing server-to-server, where no Origin exists.
 */
async function authorise(c: Context, { store, clock }: AppDeps, stored: StoredSite): Promise<'browser' | 'server'> {
  if (c.req.header('authorization') !== undefined) {
    await requireSiteSecret(c, store, stored.settings.key, clock());
    return 'server';
  }
  if (!allowSiteOrigin(c, stored.settings)) {
    throw new ApiError(403, 'origin_not_allowed', 'This page’s origin is not registered for the site.');
  }
  return 'browser';
}

function clientAddress(c: Context, { config, clientAddress }: AppDeps): string | undefined {
  if (config.trustProxy) return lastForwardedFor(c.req.header('x-forwarded-for'));
  return clientAddress?.(c);
}
