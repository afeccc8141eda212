import type { ConsentEvent, SiteSettings } from '../../../protocol/index.ts';
import type { Logger } from '../../log.ts';
import type { Store } from '../../store/index.ts';
import type { Mailer } from '../mail/index.ts';
import { confirmationMail } from './mail.ts';
import { marketingStanding } from './standing.ts';

const DAY = 24 * 60 * 60 * 1000;

export interface DoubleOptInDeps {
  store: Store;
  mailer: Mailer;
  /** Where the links point: the server's public address. */
  publicUrl: string;
  log: Logger;
}

/** The form's double opt-in setting when this event is a marketing grant it applies to. */
function asksToConfirm(site: SiteSettings, event: ConsentEvent) {
  if (event.kind !== 'form-consent' || !('email' in event.subject) || event.basis !== 'consent') return undefined;
  if (!event.purposes.some((p) => p.purpose === 'marketing-email' && p.decision === 'granted')) return undefined;
  return event.collection.formId === undefined ? undefined : site.forms[event.collection.formId]?.doubleOptIn;
}

/**
 * After a batch is stored: for each new grant on a form that asks for double opt-in, opens its
 * confirmation and mails the link in the form's language. Skipped for a replay (the grant has its
 * link already) and for an address already confirmed on the site. A mail that cannot be sent is
 * logged (never its address); the grant stands unconfirmed and expires like any other.
 */
export async function startDoubleOptIns(deps: DoubleOptInDeps, site: SiteSettings, stored: { event: ConsentEvent; replay: boolean }[], at: Date): Promise<number> {
  let sent = 0;
  for (const { event, replay } of stored) {
    const setting = asksToConfirm(site, event);
    if (!setting || replay || !('email' in event.subject)) continue;
    const email = event.subject.email;
    try {
      const history = await deps.store.findConsentsByEmail(email, site.key);
      if (marketingStanding(history.filter((r) => r.eventId !== event.id)).confirmed) continue;
      const expiresAt = new Date(at.getTime() + setting.expiresAfterDays * DAY);
      const token = await deps.store.createDoubleOptIn({ site: site.key, grantEventId: event.id, lang: event.notice.lang, at, expiresAt });
      if (!token) continue;
      const mail = confirmationMail({ lang: event.notice.lang, siteName: site.name, url: `${deps.publicUrl}/c/${token}`, expiresAt });
      await deps.mailer.send({ to: email, ...mail, kind: 'double-opt-in' });
      sent++;
    } catch (error) {
      deps.log.error('double opt-in not started', { site: site.key, error: (error as Error).name });
    }
  }
  return sent;
}
