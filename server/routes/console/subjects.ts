import { Hono, type Context } from 'hono';
import { SubjectErase, SubjectFlagChange, SubjectRectify } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { accessFrom, requireRole, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import type { Role } from '../../store/index.ts';
import type { ConsoleDeps } from './deps.ts';
import { jsonBody, parse } from './parse.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

const notFound = () => new ApiError(404, 'not_found', 'No subject with this id.');

function subjectId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound();
  return id;
}

/** Actions on one subject (a person on one site). Each is written to the audit trail with who, when and why. */
export function subjectRoutes({ store, clock, log }: AppDeps, { purgeAfterDays = 30 }: ConsoleDeps) {
  /**
   * The subject and its site, when the caller works on that site with at least `need`; another
   * site's answers as unknown, an agent where an owner is needed gets 403 forbidden_role.
   */
  const subject = async (c: Context<ConsoleEnv>, need: Role = 'agent') => {
    const id = subjectId(c.req.param('id') ?? '');
    const site = await store.subjectSite(id);
    accessFrom(c).require(site, need, notFound());
    return { id, site: site! };
  };
  return new Hono<ConsoleEnv>()
    .post('/:id/flags', async (c) => {
      const { id, site } = await subject(c);
      const body = parse(SubjectFlagChange, await jsonBody(c), 'Give flag (restricted|objected), on and reason.');
      const at = clock();
      if (!await store.setSubjectFlag(id, body.flag, body.on, at)) throw new ApiError(404, 'not_found', 'No subject with this id.');
      await store.appendAudit({ at, accountId: c.get('session').account.id, action: `subject.${body.flag}.${body.on ? 'on' : 'off'}`, target: `subject:${id}`, site, detail: { reason: body.reason } });
      return c.json({ ok: true });
    })
    // Direct erasure, with no request behind it, is the decision of an owner of the subject's site
    // (or the administrator); an agent erases through a verified erasure request. An account that
    // owns no site is refused before the lookup, as for every owner route.
    .post('/:id/erase', requireRole('owner'), async (c) => {
      const { id, site } = await subject(c, 'owner');
      const body = parse(SubjectErase, await jsonBody(c), 'Give a reason.');
      const at = clock();
      // Hidden everywhere now; the retention job removes it for good after the grace period the policy names.
      const purgeAfter = new Date(at.getTime() + purgeAfterDays * DAY_MS);
      if (!await store.eraseSubject(id, at, purgeAfter)) throw new ApiError(409, 'already_erased', 'This subject is unknown or already erased.');
      await store.appendAudit({ at, accountId: c.get('session').account.id, action: 'subject.erase', target: `subject:${id}`, site, detail: { reason: body.reason, purgeAfter: purgeAfter.toISOString() } });
      log.info('subject erased', { subject: id });
      return c.json({ ok: true, purgeAfter: purgeAfter.toISOString() });
    })
    .post('/:id/rectify', async (c) => {
      const { id, site } = await subject(c);
      const body = parse(SubjectRectify, await jsonBody(c), 'Give the corrected email and a reason.');
      let result;
      try {
        result = await store.rectifySubjectEmail(id, body.email);
      } catch {
        throw new ApiError(409, 'email_taken', 'Another subject on this site already has this address.');
      }
      if (!result) throw new ApiError(404, 'not_found', 'No subject with this id.');
      // Who corrected which field, when and why (Art. 5(2)); not the addresses: the console audit is
      // append-only and outlives an erasure, which must leave the person's address nowhere.
      await store.appendAudit({ at: clock(), accountId: c.get('session').account.id, action: 'subject.rectify', target: `subject:${id}`, site, detail: { field: 'email', reason: body.reason } });
      return c.json({ ok: true });
    })
    .get('/:id/audit', async (c) => c.json({ entries: await store.listAudit({ target: `subject:${(await subject(c)).id}` }) }));
}
