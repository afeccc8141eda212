import type { RightsKind } from '../../protocol/index.ts';
import type { Logger } from '../log.ts';
import { templates, type Mailer } from '../services/mail/index.ts';
import { deadlineState, DUE_SOON_DAYS, OPEN_STATUSES } from '../services/deadlines.ts';
import type { Store } from '../store/index.ts';

/** Requests due within this many days, and those overdue, are in the digest. */
export const DIGEST_WITHIN_DAYS = DUE_SOON_DAYS;

/** One line of the digest: reference, kind and due date only, never who asked (email is no signed-in channel, invariant 7). */
export interface DueRequest {
  reference: string;
  kind: RightsKind;
  dueAt: string;
  daysLeft: number;
}

/**
 * Mails each site's data protection contact the open requests (verified or in progress) due within
 * a week or already overdue, soonest first, so the one-month deadline of Art. 12(3) is not missed.
 * A site with nothing due gets no mail.
 */
export async function sendDeadlineDigests({ store, clock, log, mailer }: { store: Store; clock: () => Date; log: Logger; mailer?: Mailer }) {
  let emailed = 0;
  let due = 0;
  if (!mailer) return { emailed, due };
  const now = clock();
  for (const key of await store.listSiteKeys()) {
    const site = await store.getSite(key);
    const dpo = site?.settings.chat.dpoEmail;
    if (!site || !dpo) continue;
    const soon: DueRequest[] = (await store
      .listRightsRequests({ site: key, status: [...OPEN_STATUSES] }))
      .map((r) => ({ r, state: deadlineState(r, now) }))
      .filter(({ state }) => state.overdue || state.dueSoon)
      .map(({ r, state }) => ({ reference: r.reference ?? r.id, kind: r.kind, dueAt: r.dueAt ?? '', daysLeft: state.daysLeft ?? 0 }))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    if (!soon.length) continue;
    await mailer.send({ ...templates.dpoDeadlineDigest({ siteName: site.settings.name, requests: soon }), to: dpo, kind: 'deadline-digest' });
    emailed += 1;
    due += soon.length;
  }
  log.info('deadline digest', { emailed, due });
  return { emailed, due };
}
