/**
 * A material change to the privacy policy is told directly to everyone with active marketing
 * consent (the policy's promise), once per site and version, one mail per person.
 */
import type { SiteSettings } from '../../protocol/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { templates, type Mailer } from './mail/index.ts';
import { unsubscribeUrl } from './unsubscribe.ts';

export interface PolicyChangeMailOptions {
  store: Store;
  mailer: Mailer;
  log: Logger;
  clock: () => Date;
  /** The site as the save that marked its version stored it. */
  settings: SiteSettings;
  /** Where this server is reached: each mail's unsubscribe link points here. */
  publicUrl: string;
  /** Mails handed to the mail service at once. @default 10 */
  batchSize?: number;
  /** Pause between batches, so a large list does not flood the SMTP server. @default 1000 */
  pauseMs?: number;
}

/**
 * `policy.materialChange` is something a save says about the version it saves, not a setting. Kept
 * in the document it would go on claiming a material change in every later save, and a later
 * version saved from a copy of the document (read, edited, written back) would be announced as
 * material without anyone having said so. So it is taken off before a document is stored, shown or
 * given its version tag; documents stored with it before lose it at their next save. Whether a
 * version has been announced is remembered by its job run (`policy-change:<site>`, version).
 */
export function takeMaterialFlag(settings: SiteSettings): { settings: SiteSettings; material: boolean } {
  const { materialChange, ...policy } = settings.policy;
  return { settings: materialChange === undefined ? settings : { ...settings, policy }, material: materialChange === true };
}

/**
 * What `mailPolicyChange` would send for this version, sending nothing: how many people are on the
 * marketing list now, whether the version was announced already, and the mail with a stand-in for
 * each person's own unsubscribe link. The console shows it and asks before the save that sends.
 */
export async function previewPolicyChange({ store, settings, publicUrl }: Pick<PolicyChangeMailOptions, 'store' | 'settings' | 'publicUrl'>, placeholder: string) {
  const site = settings.key;
  const recipients = (await store.marketingList(site)).length;
  const alreadySent = await store.jobRunDone(`policy-change:${site}`, settings.policy.version);
  const mail = templates.policyChanged({ siteName: settings.name, policyUrl: settings.policy.url, version: settings.policy.version, summary: settings.policy.changeSummary, unsubscribeUrl: `${publicUrl}/u/${placeholder}` });
  return { recipients, alreadySent, mail };
}

/**
 * Sends the notice for the version in `settings` unless it has been announced already; `undefined`
 * when there was nothing to send. Call it only for a save that marked its version a material change.
 * Each mail has one recipient, so no one sees another person's address; restricted, objecting and
 * erased subjects are left out by `marketingList`.
 */
export async function mailPolicyChange({ store, mailer, log, clock, settings, publicUrl, batchSize = 10, pauseMs = 1000 }: PolicyChangeMailOptions) {
  const site = settings.key;
  // Claimed before sending: a second save of the same version, or a second process, sends nothing.
  if (!await store.claimJobRun(`policy-change:${site}`, settings.policy.version, clock())) return undefined;
  const recipients = await store.marketingList(site);
  const mailTo = async (to: string) => {
    const unsubscribe = await unsubscribeUrl(store, publicUrl, site, to);
    const mail = templates.policyChanged({ siteName: settings.name, policyUrl: settings.policy.url, version: settings.policy.version, summary: settings.policy.changeSummary, unsubscribeUrl: unsubscribe });
    // RFC 8058: mail clients show their own "unsubscribe" and POST to the link, no page needed.
    return mailer.send({ ...mail, to, kind: 'policy-change', headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } });
  };
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < recipients.length; i += batchSize) {
    if (i > 0 && pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const results = await Promise.allSettled(recipients.slice(i, i + batchSize).map(mailTo));
    for (const r of results) r.status === 'fulfilled' ? (sent += 1) : (failed += 1);
  }
  const result = { version: settings.policy.version, recipients: recipients.length, sent, failed };
  await store.finishJobRun(`policy-change:${site}`, settings.policy.version, JSON.stringify(result));
  log.info('policy change mailed', { site, ...result });
  return result;
}
