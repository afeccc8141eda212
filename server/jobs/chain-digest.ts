import type { Logger } from '../log.ts';
import { webhookDeliveries } from '../metrics/index.ts';
import type { Mailer } from '../services/mail/index.ts';
import { OutboundError, type OutboundGuard } from '../services/outbound/index.ts';
import type { Store } from '../store/index.ts';

export interface ChainDigest {
  site: string;
  at: string;
  ok: boolean;
  count: number;
  headSeq: number | null;
  headHash: string;
  firstBroken?: { seq: number; eventId: string; reason: string };
}

/**
 * Sends each site's chain head outside the database (email, webhook or both). Kept elsewhere, a
 * list of daily heads shows a rewritten database: its chain no longer reaches an old head.
 */
export async function sendChainDigests({ store, clock, log, mailer, outbound }: { store: Store; clock: () => Date; log: Logger; mailer?: Mailer; outbound: OutboundGuard }) {
  let emailed = 0;
  let posted = 0;
  for (const site of await store.listSiteKeys()) {
    const settings = await store.consoleSiteSettings(site);
    if (!settings.digestEmail && !settings.digestWebhook) continue;
    const check = await store.verifyChain(site);
    const head = await store.chainHead(site);
    const digest: ChainDigest = { site, at: clock().toISOString(), ok: check.ok, count: head.count, headSeq: head.headSeq, headHash: head.headHash, ...(check.firstBroken ? { firstBroken: check.firstBroken } : {}) };
    if (settings.digestEmail && mailer) {
      await mailer.send({ to: settings.digestEmail, kind: 'chain-digest', subject: `Samtykke ${site}: ${digest.ok ? 'kjeden er hel' : 'KJEDEN ER BRUTT'} (${digest.count})`, text: digestText(digest) });
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

function digestText(d: ChainDigest): string {
  return [
    `Daglig sjekksum for samtykkeloggen / Daily checksum of the consent log`,
    ``,
    `Nettsted / site:     ${d.site}`,
    `Tidspunkt / time:    ${d.at}`,
    `Kjeden / chain:      ${d.ok ? 'hel / whole' : `BRUTT ved ${d.firstBroken?.seq} / BROKEN at ${d.firstBroken?.seq}: ${d.firstBroken?.reason}`}`,
    `Oppføringer / count: ${d.count}`,
    `Siste hash / head:   ${d.headHash} (seq ${d.headSeq ?? '-'})`,
    ``,
    `Ta vare på denne e-posten. Hvis databasen skrives om, vil kjeden ikke lenger gå gjennom denne hashen.`,
    `Keep this email. If the database is rewritten, its chain will no longer pass through this hash.`,
  ].join('\n');
}
