import { Hono } from 'hono';
import { ChainCheckBody, ConsoleSiteSettingsBody, PolicyChangePreviewBody, SecretRotation, SiteSettings, type SecretGrace, type SecretRotated } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { canonicalJson } from '../../util/canonical-json.ts';
import { sha256Hex } from '../../util/crypto.ts';
import { accessFrom, requireRole, requireSite, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import type { ChatDeps } from '../../services/chat-deps.ts';
import { checkAgainstDigest } from '../../services/chain-digest.ts';
import { wordingDefaults } from '../../services/notice-texts.ts';
import { createOutboundGuard } from '../../services/outbound/index.ts';
import { mailPolicyChange, previewPolicyChange, takeMaterialFlag } from '../../services/policy-change.ts';
import { changedParts } from '../../services/site-changes.ts';
import { unsubscribeUrl } from '../../services/unsubscribe.ts';
import { toCsv } from '../../util/csv.ts';
import type { ConsoleDeps } from './deps.ts';
import { jsonBody, parse } from './parse.ts';

const HOUR_MS = 60 * 60 * 1000;
/** A rotation cuts off the site's live integration unless the old key lives on a while; the owner chooses. */
const GRACE_MS: Record<SecretGrace, number> = { none: 0, '1h': HOUR_MS, '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS };

/**
 * The version of a site's settings an editor started from (an ETag): the hash of what they were
 * shown. A save that names an older version is refused, so two owners editing at once cannot
 * silently undo each other's changes.
 */
const settingsTag = (settings: SiteSettings) => `"${sha256Hex(canonicalJson(takeMaterialFlag(settings).settings)).slice(0, 32)}"`;

/**
 * Sites: staff list their own sites and check their chains (also against a kept digest); settings,
 * keys and the digest are the site owner's; only the server's administrator adds a site (and
 * becomes its first owner).
 */
export function siteRoutes({ store, clock, config, log, outbound = createOutboundGuard() }: AppDeps, { widgetIntegrity, digestKey }: ConsoleDeps, chat: ChatDeps) {
  const known = async (key: string) => {
    const site = await store.getSite(key);
    if (!site) throw new ApiError(404, 'unknown_site', 'No site has this key.');
    return site;
  };
  const audit = (accountId: number, action: string, target: string, detail: Record<string, unknown> = {}) =>
    store.appendAudit({ at: clock(), accountId, action, target: `site:${target}`, detail });

  return new Hono<ConsoleEnv>()
    .get('/', async (c) => {
      const access = accessFrom(c);
      const keys = (await store.listSiteKeys()).filter((key) => access.role(key));
      return c.json({ sites: await Promise.all(keys.map(async (key) => ({ key, name: (await store.getSite(key))!.settings.name, role: access.role(key)! }))) });
    })
    .get('/:key/chain', requireSite('agent'), async (c) => {
      const key = c.req.param('key');
      await known(key);
      return c.json({ ...await store.verifyChain(key), head: await store.chainHead(key) });
    })
    // Today's chain against an earlier digest the person kept (services/chain-digest.ts).
    .post('/:key/chain/check', requireSite('agent'), async (c) => {
      const key = c.req.param('key');
      await known(key);
      const { digest } = parse(ChainCheckBody, await jsonBody(c), 'Paste an earlier chain digest as digest.');
      const answer = await checkAgainstDigest(store, digest, digestKey, key);
      await store.appendAudit({ at: clock(), accountId: c.get('session').account.id, action: 'chain.check', target: `site:${key}`, site: key, detail: { digestAt: answer.digest.at, count: answer.digest.count, extends: answer.extends, signature: answer.signature } });
      return c.json(answer);
    })
    .get('/:key', requireSite('owner'), async (c) => {
      const stored = await known(c.req.param('key'));
      // A material-change flag stored before it stopped being kept is not shown, so no save copies it on.
      const site = { ...stored, settings: takeMaterialFlag(stored.settings).settings };
      const integrity = await widgetIntegrity?.();
      // The tag to paste: the per-site script, which carries the notice's texts (no second round trip).
      const snippet = `<script src="${config.publicUrl}/s/${site.settings.key}.js" async></script>`;
      // For a site whose policy requires Subresource Integrity: the plain loader, whose bytes change
      // only with a release (the per-site script changes with every setting, so it cannot be pinned).
      // crossorigin is required for SRI on a cross-origin script; the server sends ACAO * for it.
      const sriSnippet = `<script src="${config.publicUrl}/samtykke.js" data-site="${site.settings.key}"${integrity ? ` integrity="${integrity}" crossorigin="anonymous"` : ''} async></script>`;
      const etag = settingsTag(site.settings);
      c.header('ETag', etag);
      // Our wording of each text the owner may word themselves, shown beside theirs (never copied into the document).
      const defaults = wordingDefaults(site.settings);
      // Until when the key before the last rotation is still accepted (null: only the current one).
      const oldKeyValidUntil = await store.siteSecretGrace(site.settings.key, clock());
      return c.json({ ...site, etag, console: await store.consoleSiteSettings(site.settings.key), snippet, sriSnippet, integrity: integrity ?? null, defaults, oldKeyValidUntil });
    })
    .put('/:key', requireSite('owner'), async (c) => {
      const key = c.req.param('key');
      const before = (await known(key)).settings;
      // The flag speaks for this save's version only: acted on below, never stored.
      const { settings, material } = takeMaterialFlag(parse(SiteSettings, await jsonBody(c), 'The site settings are not valid.'));
      if (settings.key !== key) throw new ApiError(400, 'key_mismatch', 'The key in the body must be the key in the path.');
      const ifMatch = c.req.header('if-match');
      // What this save replaced, so the trail names the parts it changed.
      let replaced = before;
      if (ifMatch === undefined) {
        // A script that read nothing first: last save wins, as before.
        await store.upsertSite(settings);
      } else if (!await store.updateSite(key, (current) => {
        if (settingsTag(current) !== ifMatch) return undefined;
        replaced = current;
        return settings;
      })) {
        // Compared and written in one transaction: between two saves from the same version, one wins and one gets this.
        throw new ApiError(412, 'edit_conflict', 'Someone saved this site\'s settings after you opened them. Reload to see their changes, then make yours again.');
      }
      await audit(c.get('session').account.id, 'site.update', key, {
        policyVersion: { from: replaced.policy.version, to: settings.policy.version },
        // Older entries have `materialChange` in its place, with this meaning: it never said whether
        // the owner marked the change material. Rows are never rewritten, so a reader takes either key.
        // `markedMaterial` is what the owner said, which is what asks for the mail.
        versionChanged: replaced.policy.version !== settings.policy.version,
        markedMaterial: material,
        changed: changedParts(takeMaterialFlag(replaced).settings, settings),
      });
      if (material) {
        const accountId = c.get('session').account.id;
        // After the answer: a long list takes a while. Once per version (mailPolicyChange claims it).
        void mailPolicyChange({ store, mailer: chat.mailer, log, clock, settings, publicUrl: config.publicUrl })
          .then((result) => result && audit(accountId, 'site.policy-change-mail', key, result))
          .catch((error: Error) => log.error('policy change mail failed', { site: key, error: error.name }));
      }
      const saved = (await store.getSite(key))!;
      c.header('ETag', settingsTag(saved.settings));
      return c.json(saved);
    })
    .post('/', requireRole('admin'), async (c) => {
      // A new site has no one to tell yet; the flag is not kept here either.
      const { settings } = takeMaterialFlag(parse(SiteSettings, await jsonBody(c), 'The site settings are not valid.'));
      // Created only if the key is new, in one step: two owners creating the same key at once get one 201 and one 409.
      const created = await store.createSite(settings);
      if (!created) throw new ApiError(409, 'site_exists', 'A site with this key exists; edit it instead.');
      const { secretKey } = created;
      const { account } = c.get('session');
      // The creator owns what they made, and so keeps it should they stop being the administrator.
      await store.setSiteRole(account.id, settings.key, 'owner');
      await audit(account.id, 'site.create', settings.key);
      return c.json({ site: await store.getSite(settings.key), secretKey }, 201);
    })
    // Before a material change is saved (which mails everyone on the marketing list): the count and the mail, nothing sent.
    .post('/:key/policy-change/preview', requireSite('owner'), async (c) => {
      const key = c.req.param('key');
      const stored = await known(key);
      const body = parse(PolicyChangePreviewBody, await jsonBody(c), 'Give policy: { url, version, changeSummary: { nb, en } }.');
      const settings = { ...takeMaterialFlag(stored.settings).settings, policy: body.policy };
      return c.json(await previewPolicyChange({ store, settings, publicUrl: config.publicUrl }, '…'));
    })
    .post('/:key/rotate-secret', requireSite('owner'), async (c) => {
      const key = c.req.param('key');
      await known(key);
      const body = parse(SecretRotation, (await jsonBody(c)) ?? {}, 'Give grace: none, 1h, 24h or 7d (how long the old key keeps working).');
      const until = GRACE_MS[body.grace] ? new Date(clock().getTime() + GRACE_MS[body.grace]) : null;
      const secretKey = await store.rotateSiteSecret(key, until);
      await audit(c.get('session').account.id, 'site.rotate-secret', key, { grace: body.grace, oldKeyValidUntil: until?.toISOString() ?? null });
      return c.json({ secretKey, oldKeyValidUntil: until?.toISOString() ?? null } satisfies SecretRotated);
    })
    .put('/:key/console-settings', requireSite('owner'), async (c) => {
      const key = c.req.param('key');
      await known(key);
      const body = parse(ConsoleSiteSettingsBody, await jsonBody(c), 'Give digestEmail and digestWebhook (each may be null).');
      if (body.digestWebhook) {
        // The daily job checks again when it sends (names can change what they resolve to); this tells the owner now.
        const target = outbound.checkTarget(body.digestWebhook);
        if (!target.ok) throw new ApiError(400, target.code, `digestWebhook: ${target.message}`, { issues: [{ path: 'digestWebhook', message: target.message }] });
      }
      await store.setConsoleSiteSettings({ site: key, ...body }, clock());
      await audit(c.get('session').account.id, 'site.digest-settings', key, { email: !!body.digestEmail, webhook: !!body.digestWebhook });
      return c.json(await store.consoleSiteSettings(key));
    })
    .get('/:key/marketing-list', requireSite('owner'), async (c) => {
      const key = c.req.param('key');
      await known(key);
      const emails = await store.marketingList(key);
      await audit(c.get('session').account.id, 'site.marketing-list', key, { count: emails.length });
      // Each address with its own one-click way out, for the site's newsletter tool to put in every mail.
      const rows = await Promise.all(emails.map(async (email) => ({ email, url: await unsubscribeUrl(store, config.publicUrl, key, email) })));
      c.header('Content-Disposition', `attachment; filename="markedsforing-${key}.csv"`);
      return c.body(toCsv(rows, [['email', (r) => r.email], ['unsubscribe_url', (r) => r.url]]), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    });
}
