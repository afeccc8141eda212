import type { Logger } from '../log.ts';
import { webhookDeliveries } from '../metrics/index.ts';
import type { Mailer } from '../services/mail/index.ts';
import { digestText, makeDigest } from '../services/chain-digest.ts';
import { OutboundError, type OutboundGuard } from '../services/outbound/index.ts';
import type { Store } from '../store/index.ts';

/**
 * Sends each site's chain head outside the database (email, webhook or both). Kept elsewhere, a
 * list of daily heads shows a rewritten database: its chain no longer reaches an old head.
 */
export async function sendChainDigests({ store, clock, log, mailer, outbound, digestKey }: { store: Store; clock: () => Date; log: Logger; mailer?: Mailer; outbound: OutboundGuard; digestKey?: string | undefined }) {
  let emailed = 0;
  let posted = 0;
  for (const site of await store.listSiteKeys()) {
    const settings = await store.consoleSiteSettings(site);
    if (!settings.digestEmail && !settings.digestWebhook) continue;
    const digest = await makeDigest(store, site, clock(), digestKey);
    if (settings.digestEmail && mailer) {
      await mailer.send({ to: settings.digestEmail, kind: 'chain-digest', subject: `Samtykke ${site}: ${!digest.ok ? 'KJEDEN ER BRUTT' : digest.extendsPrevious === false ? 'KJEDEN ER SKREVET OM' : 'kjeden er hel'} (${digest.count})`, text: digestText(digest) });
      emailed += 1;
    }
    if (settings.digestWebhook) {
      try {
        // Through the guard: a target saved before targets were checked, or a name that now resolves to an internal address, is refused here.
        const res = await outbound.fetch(settings.digestWebhook, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(digest), timeoutMs: 10_000, maxBytes: 64 * 1024 });
        webhookDeliveries.inc({ hook: 'chain-digest', result: res.ok ? 'sent' : 'refused' });
        if (res.ok) posted += 1;
        else log.warn('chain digest webhook refused', { site, status: res.status });
      } catch (error) {
        webhookDeliveries.inc({ hook: 'chain-digest', result: 'failed' });
        log.warn('chain digest webhook failed', { site, error: (error as Error).name, ...(error instanceof OutboundError ? { code: error.code } : {}) });
      }
    }
  }
  return { emailed, posted };
}
