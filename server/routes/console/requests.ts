import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ChatText, RequestCorrections, RequestExportQuery, RequestListQuery, type ConsoleRightsRequest, type RequestCorrection, type RequestCounts } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { accessFrom, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import type { ChatDeps } from '../../services/chat-deps.ts';
import { appendConsentWithdrawal } from '../../services/consent-withdrawal.ts';
import * as requestMail from '../../services/request-mail.ts';
import { deadlineState, type DeadlineState } from '../../services/deadlines.ts';
import { correctionsOf, hideErased, hideErasedEvents } from '../../services/erasure.ts';
import { canTransition, extension } from '../../services/request-workflow.ts';
import { buildSubjectExport, subjectExportCsv, type SubjectExport } from '../../services/subject-export.ts';
import type { StoredRightsRequest } from '../../store/index.ts';
import type { ConsoleDeps } from './deps.ts';
import { jsonBody, parse } from './parse.ts';

// Goes to the requester as plain text, with the chat's rules (protocol/text.ts).
const reason = ChatText;
const StatusChange = z.discriminatedUnion('to', [
  z.object({ to: z.literal('in-progress'), reason: reason.optional() }).strict(),
  z.object({ to: z.literal('completed'), reason: reason.optional() }).strict(),
  // A refusal always carries its reason, which goes to the requester.
  z.object({ to: z.literal('rejected'), reason }).strict(),
]);
const Extend = z.object({ months: z.union([z.literal(1), z.literal(2)]), reason }).strict();
const WithReason = z.object({ reason }).strict();
const Flag = z.object({ flag: z.enum(['restricted', 'objected']), on: z.boolean(), reason }).strict();
const Rectify = z.object({ email: z.string().trim().max(254).pipe(z.email({ message: 'must be an email address' })), reason }).strict();

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long an access export can be downloaded. */
const EXPORT_DAYS = 14;

/** Rights requests for staff: by due date, each action audited with who, when, from → to, why, and whether mail went out. */
export function requestRoutes({ store, clock, log }: AppDeps, chat: ChatDeps, { purgeAfterDays = 30 }: ConsoleDeps) {
  // Another site's request answers as one that is not there.
  const find = async (c: Context<ConsoleEnv>, id: string) => {
    const r = await store.getRightsRequest(id);
    accessFrom(c).require(r?.site, 'agent', new ApiError(404, 'not_found', 'No request with this id.'));
    return r!;
  };
  const actor = (c: { get(k: 'session'): { account: { id: number; email: string } } }) => `staff:${c.get('session').account.email}`;
  // Days left, overdue and open from the one rule (services/deadlines.ts): a closed request has none.
  const view = async ({ tokenHash: _secret, ...r }: StoredRightsRequest, now = clock()): Promise<ConsoleRightsRequest> => ({ ...r, ...deadlineState(r, now), extendedAt: await store.requestExtendedAt(r.id) });
  const shown: Record<RequestListQuery['state'] & string, (s: DeadlineState) => boolean> = {
    all: () => true,
    open: (s) => s.open,
    closed: (s) => !s.open,
    overdue: (s) => s.overdue,
    'due-soon': (s) => s.dueSoon,
  };
  const mail = async (r: StoredRightsRequest, text: { subject: string; text: string }, kind: string) => {
    if (!r.email) return false;
    try {
      await chat.mailer.send({ ...text, to: r.email, kind });
      return true;
    } catch (error) {
      log.error('request mail failed', { kind, error: (error as Error).name });
      return false;
    }
  };
  const base = async (r: StoredRightsRequest) => ({ lang: r.lang, siteName: (await store.getSite(r.site))?.settings.name ?? '', reference: r.reference ?? r.id, kind: r.kind });
  const subjectId = (r: StoredRightsRequest) => store.ensureSubject(r.site, r.email, clock());

  return new Hono<ConsoleEnv>()
    .get('/', async (c) => {
      const q = parse(RequestListQuery, c.req.query(), 'Filter by site, state (all|open|closed|overdue|due-soon) and kind.');
      const now = clock();
      const all = await Promise.all((await hideErased(store, await store.listRightsRequests(accessFrom(c).scope(q.site)))).map((r) => view(r, now)));
      const counts: RequestCounts = { open: all.filter((r) => r.open).length, overdue: all.filter((r) => r.overdue).length, dueSoon: all.filter((r) => r.dueSoon).length };
      return c.json({ requests: all.filter((r) => shown[q.state](r) && (!q.kind || r.kind === q.kind)), counts });
    })
    .get('/:id', async (c) => {
      const stored = await find(c, c.req.param('id'));
      const subjects = stored.email ? (await store.subjectsByEmail(stored.email)).filter((s) => s.site === stored.site) : [];
      const [r] = await hideErased(store, [stored]);
      const exp = await store.getRequestExport(r!.id);
      const events = hideErasedEvents(await store.requestEvents(r!.id), r!.erased);
      return c.json({
        request: await view(r!),
        events,
        corrections: correctionsOf(events),
        subjects,
        consents: r!.email ? await store.consentHistory(r!.email, r!.site) : [],
        export: exp ? { createdAt: exp.createdAt, expiresAt: exp.expiresAt } : null,
      });
    })
    .post('/:id/status', async (c) => {
      const r = await find(c, c.req.param('id'));
      const body = parse(StatusChange, await jsonBody(c), 'Give to (in-progress|completed|rejected) and, to reject, a reason.');
      if (!canTransition(r.status, body.to)) throw new ApiError(409, 'bad_transition', `A ${r.status} request cannot become ${body.to}.`);
      const at = clock();
      // Before the mail and the status: the proof chain must show the withdrawal before we say it is done.
      let withdrawalEvents: string[] | undefined;
      if (body.to === 'completed' && r.kind === 'withdraw-consent') {
        try {
          withdrawalEvents = await appendConsentWithdrawal(store, r, at);
        } catch (error) {
          log.error('consent withdrawal not stored', { site: r.site, error: (error as Error).name });
          throw new ApiError(503, 'storage_unavailable', 'The withdrawal could not be written to the consent log; try again.');
        }
      }
      let emailSent = false;
      if (body.to === 'rejected') emailSent = await mail(r, requestMail.rejected({ ...await base(r), reason: body.reason }), 'request-rejected');
      if (body.to === 'completed') {
        const exp = await store.getRequestExport(r.id);
        const corrections = r.kind === 'rectification' ? correctionsOf(await store.requestEvents(r.id)) : [];
        emailSent = await mail(r, requestMail.completed({ ...await base(r), ...(exp ? { exportUntil: exp.expiresAt } : {}), ...(corrections.length ? { corrections } : {}) }), 'request-completed');
      }
      const next = await store.transitionRequest(r.id, [r.status], body.to, at, actor(c), { from: r.status, to: body.to, reason: body.reason ?? null, emailSent, ...(withdrawalEvents ? { withdrawalEvents } : {}) });
      if (!next) throw new ApiError(409, 'changed_meanwhile', 'The request changed meanwhile; reload it.');
      return c.json({ request: await view(next) });
    })
    .post('/:id/extend', async (c) => {
      const r = await find(c, c.req.param('id'));
      const body = parse(Extend, await jsonBody(c), 'Give months (1 or 2) and a reason for the requester.');
      const at = clock();
      const result = extension(r, await store.requestExtendedAt(r.id), body.months, at, chat.timeZone);
      if (!result.ok) throw new ApiError(409, result.reason, 'The deadline can be extended once, by up to two months, within the first month of an open request.');
      const emailSent = await mail(r, requestMail.extended({ ...await base(r), reason: body.reason, dueAt: result.dueAt.toISOString() }), 'request-extended');
      await store.extendRequest(r.id, result.dueAt, at, actor(c), { from: r.dueAt, to: result.dueAt.toISOString(), reason: body.reason, emailSent });
      return c.json({ request: await view(await find(c, r.id)) });
    })
    .post('/:id/export', async (c) => {
      const r = await find(c, c.req.param('id'));
      if (r.kind !== 'access' && r.kind !== 'portability') throw new ApiError(409, 'wrong_kind', 'Exports are for access and portability requests.');
      if (r.status !== 'verified' && r.status !== 'in-progress') throw new ApiError(409, 'not_open', 'Only a verified, open request gets an export.');
      const at = clock();
      const body = JSON.stringify(await buildSubjectExport(store, { site: r.site, email: r.email, at }));
      const expiresAt = new Date(at.getTime() + EXPORT_DAYS * DAY_MS);
      await store.putRequestExport(r.id, body, at, expiresAt);
      await store.appendRequestEvent(r.id, 'export-built', actor(c), at, { bytes: body.length, expiresAt: expiresAt.toISOString() });
      return c.json({ export: { createdAt: at.toISOString(), expiresAt: expiresAt.toISOString() } });
    })
    // Staff look at the export exactly as built before it is released (on completion) to the requester.
    .get('/:id/export', async (c) => {
      const r = await find(c, c.req.param('id'));
      const q = parse(RequestExportQuery, c.req.query(), 'Give format (json|csv), separator (comma|semicolon) and download (0|1).');
      const exp = await store.getRequestExport(r.id);
      if (!exp || !exp.body) throw new ApiError(404, 'no_export', 'There is no export for this request (none was built, or its link has expired).');
      const name = `${r.reference ?? r.id}.${q.format}`;
      c.header('Cache-Control', 'no-store');
      if (q.download === '1') c.header('Content-Disposition', `attachment; filename="${name}"`);
      if (q.format === 'csv') return c.body(subjectExportCsv(JSON.parse(exp.body) as SubjectExport, q.separator === 'semicolon' ? ';' : ','), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
      return c.body(exp.body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
    })
    .post('/:id/erase', async (c) => {
      const r = await find(c, c.req.param('id'));
      const body = parse(WithReason, await jsonBody(c), 'Give a reason.');
      // Erasure from a request is the verified person's own erasure request; anything else is an owner's direct erasure (subjects/:id/erase).
      if (r.kind !== 'erasure') throw new ApiError(409, 'wrong_kind', 'Only an erasure request can erase; an owner can erase directly from the person\'s page.');
      if (r.status !== 'verified' && r.status !== 'in-progress') throw new ApiError(409, 'not_open', 'Only a verified, open request can erase.');
      const at = clock();
      const id = await subjectId(r);
      const purgeAfter = new Date(at.getTime() + purgeAfterDays * DAY_MS);
      await store.eraseSubject(id, at, purgeAfter);
      await store.appendRequestEvent(r.id, 'erased', actor(c), at, { subject: id, reason: body.reason, purgeAfter: purgeAfter.toISOString() });
      await store.appendAudit({ at, accountId: c.get('session').account.id, action: 'subject.erase', target: `subject:${id}`, site: r.site, detail: { request: r.id, purgeAfter: purgeAfter.toISOString() } });
      return c.json({ ok: true, purgeAfter: purgeAfter.toISOString() });
    })
    .post('/:id/flags', async (c) => {
      const r = await find(c, c.req.param('id'));
      const body = parse(Flag, await jsonBody(c), 'Give flag, on and reason.');
      const at = clock();
      const id = await subjectId(r);
      await store.setSubjectFlag(id, body.flag, body.on, at);
      await store.appendRequestEvent(r.id, `flag:${body.flag}:${body.on ? 'on' : 'off'}`, actor(c), at, { subject: id, reason: body.reason });
      return c.json({ ok: true });
    })
    .post('/:id/corrections', async (c) => {
      const r = await find(c, c.req.param('id'));
      const body = parse(RequestCorrections, await jsonBody(c), 'Give corrections: [{ field, old, new }], and optionally a reason.');
      if (r.kind !== 'rectification') throw new ApiError(409, 'wrong_kind', 'Corrections are recorded on rectification requests.');
      if (r.status !== 'verified' && r.status !== 'in-progress') throw new ApiError(409, 'not_open', 'Only a verified, open request can record corrections.');
      const corrections: RequestCorrection[] = body.corrections;
      // Sealed at rest with the trail; shown on the request and listed in the completion mail.
      await store.appendRequestEvent(r.id, 'corrected', actor(c), clock(), { corrections, reason: body.reason ?? null });
      return c.json({ corrections: correctionsOf(await store.requestEvents(r.id)) });
    })
    .post('/:id/rectify', async (c) => {
      const r = await find(c, c.req.param('id'));
      const body = parse(Rectify, await jsonBody(c), 'Give the corrected email and a reason.');
      const at = clock();
      const id = await subjectId(r);
      let result;
      try {
        result = await store.rectifySubjectEmail(id, body.email);
      } catch {
        throw new ApiError(409, 'email_taken', 'Another subject on this site already has this address.');
      }
      // The old value stays in the request's audit trail: a correction must be traceable.
      await store.appendRequestEvent(r.id, 'rectified', actor(c), at, { subject: id, field: 'email', old: result?.old ?? null, new: body.email, reason: body.reason });
      return c.json({ ok: true });
    });
}
