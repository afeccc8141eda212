import { Hono, type Context } from 'hono';
import { CreateRightsRequest, VerifyCode, type RightsRequestStatus } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError } from '../errors.ts';
import type { ChatDeps } from '../services/chat-deps.ts';
import { rightsRequestDueAt } from '../services/deadlines.ts';
import { templates, type Mail } from '../services/mail/index.ts';
import { CODE_MAX_ATTEMPTS, CODE_TTL_MINUTES, newVerificationCode } from '../services/rights/code.ts';
import {
  CODES_PER_ADDRESS, CODES_PER_REQUEST, createStoredRateLimiter, GUESSES_PER_ADDRESS, GUESSES_PER_REQUEST,
} from '../services/rights/limits.ts';
import type { StoredRightsRequest } from '../store/index.ts';
import { hmacHex, randomToken, sha256Hex } from '../util/crypto.ts';
import { bearer, checkOriginIfAny, clientKey, enforce, matchToken, readJson, requireSiteOrigin } from './chat-support.ts';

/** What the requester may see of their own request: status and dates, never personal data. */
const publicStatus = (r: StoredRightsRequest): RightsRequestStatus => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  receivedAt: r.receivedAt,
  ...(r.reference ? { reference: r.reference } : {}),
  ...(r.dueAt ? { dueAt: r.dueAt } : {}),
});

const FINAL = new Set(['completed', 'rejected', 'withdrawn', 'expired']);

/** Rights requests from the chat: create, prove control of the email, follow, withdraw. */
export function rightsRoutes(deps: AppDeps, chat: ChatDeps) {
  const { store, clock, log } = deps;

  /**
   * Mail goes out after the answer: how long the mail server takes, or whether it fails, must not
   * show in the response (nor does anything about the address, which is never looked up).
   */
  const sendLater = (mail: Mail, context: Record<string, unknown>) => {
    chat.mailer.send(mail).catch((error: Error) => log.error('mail failed', { kind: mail.kind, error: error.name, ...context }));
  };

  // In the database, not in memory: a restart must not hand out fresh codes or guesses.
  const codesPerAddress = createStoredRateLimiter({ store, name: 'codesPerAddress', ...CODES_PER_ADDRESS, clock });
  const guessesPerAddress = createStoredRateLimiter({ store, name: 'guessesPerAddress', ...GUESSES_PER_ADDRESS, clock });

  const sendCode = async (r: StoredRightsRequest, siteName: string) => {
    const code = newVerificationCode();
    const at = clock();
    const issued = await store.issueVerificationCode(r.id, code, at, new Date(at.getTime() + CODE_TTL_MINUTES * 60_000), CODES_PER_REQUEST);
    if (!issued) throw new ApiError(429, 'code_limit', `This request has had all its ${CODES_PER_REQUEST} codes. Start a new request.`);
    sendLater({ ...templates.verificationCode({ lang: r.lang, siteName, code, minutes: CODE_TTL_MINUTES, kind: r.kind }), to: r.email, kind: 'verification-code' }, { site: r.site });
  };

  const own = async (c: Context): Promise<StoredRightsRequest> => {
    const request = matchToken(await store.getRightsRequest(c.req.param('id')!), bearer(c), 'request');
    checkOriginIfAny(c, await store.getSite(request.site));
    return request;
  };

  return new Hono()
    .post('/', async (c) => {
      const body = await readJson(c, CreateRightsRequest);
      const site = await store.getSite(body.site);
      if (!site) throw new ApiError(404, 'unknown_site', 'No site has this key.');
      requireSiteOrigin(c, site);
      const client = clientKey(c, deps);
      await enforce(c, chat.limits.requestsPerClient, client);
      await enforce(c, codesPerAddress, client);
      // Keyed by an HMAC of the address, so the limiter's memory holds no address either.
      const { name, email, kind, ...details } = body.request;
      await enforce(c, chat.limits.requestsPerEmail, hmacHex('rate-limit', `${body.site}:${email.toLowerCase()}`));
      const id = crypto.randomUUID();
      const token = randomToken('');
      await store.createRightsRequest({
        id, site: body.site, tokenHash: sha256Hex(token), kind, lang: body.lang, name, email, details,
        conversationId: body.conversationId ?? null, receivedAt: clock(),
      });
      await sendCode((await store.getRightsRequest(id))!, site.settings.name);
      log.info('rights request received', { site: body.site, kind });
      return c.json({ id, token, status: 'awaiting-verification' as const }, 201);
    })

    .post('/:id/verify', async (c) => {
      const request = await own(c);
      const { code } = await readJson(c, VerifyCode);
      if (request.status !== 'awaiting-verification') {
        throw new ApiError(409, request.status === 'withdrawn' ? 'request_withdrawn' : 'already_verified', request.status === 'withdrawn' ? 'This request was withdrawn.' : 'This request is already verified.');
      }
      await enforce(c, guessesPerAddress, clientKey(c, deps));
      const at = clock();
      const result = await store.checkVerificationCode(request.id, code, at, CODE_MAX_ATTEMPTS, GUESSES_PER_REQUEST);
      if (!result.ok) {
        if (result.reason === 'wrong_code') {
          throw new ApiError(400, 'wrong_code', `That is not the code we sent. ${result.attemptsLeft} attempts left.`, { extra: { attemptsLeft: result.attemptsLeft } });
        }
        if (result.reason === 'too_many_attempts') {
          throw new ApiError(429, 'too_many_attempts', 'Too many wrong codes; this code no longer works. Ask for a new one, if this request has any left.', { extra: { attemptsLeft: 0 } });
        }
        throw new ApiError(410, 'code_expired', 'The code has expired. Ask for a new one.');
      }
      const site = (await store.getSite(request.site))!;
      // GDPR Art. 12(3): one month from receipt of the request, not from verification.
      const dueAt = rightsRequestDueAt(new Date(request.receivedAt), { timeZone: chat.timeZone });
      const verified = await store.markVerified(request.id, at, dueAt, site.settings.chat.referencePrefix);
      const reference = verified.reference!;
      sendLater({ ...templates.requestConfirmed({ lang: verified.lang, siteName: site.settings.name, reference, kind: verified.kind, dueAt }), to: verified.email, kind: 'request-confirmed' }, { site: verified.site });
      const dpo = site.settings.chat.dpoEmail;
      if (dpo) sendLater({ ...templates.dpoNewRequest({ siteName: site.settings.name, reference, kind: verified.kind, dueAt, requestId: verified.id }), to: dpo, kind: 'dpo-new-request' }, { site: verified.site });
      else log.warn('no dpoEmail for site; verified request not announced', { site: verified.site, reference });
      log.info('rights request verified', { site: verified.site, reference });
      return c.json(publicStatus(verified));
    })

    .get('/:id', async (c) => c.json(publicStatus(await own(c))))

    .post('/:id/withdraw', async (c) => {
      const request = await own(c);
      if (FINAL.has(request.status)) throw new ApiError(409, 'already_closed', `This request is ${request.status} and can no longer be withdrawn.`);
      const withdrawn = await store.setRightsStatus(request.id, 'withdrawn', clock(), 'requester');
      log.info('rights request withdrawn', { site: request.site });
      return c.json(publicStatus(withdrawn));
    })

    .post('/:id/resend', async (c) => {
      const request = await own(c);
      if (request.status !== 'awaiting-verification') throw new ApiError(409, 'already_verified', 'This request needs no code.');
      await enforce(c, chat.limits.requestsPerClient, clientKey(c, deps));
      await enforce(c, codesPerAddress, clientKey(c, deps));
      await sendCode(request, (await store.getSite(request.site))!.settings.name);
      return c.json({ ok: true, status: publicStatus(request) }, 202);
    });
}
