import { z } from 'zod';
import { Purpose } from './consent.ts';
import { RightsKind } from './rights-kind.ts';
import { SiteSettings } from './site.ts';
import { plain, plainText } from './text.ts';

/** A role on one site: owners run the site's keys, staff and settings; agents work its chats and requests. */
export const ConsoleRole = z.enum(['owner', 'agent']);
export type ConsoleRole = z.infer<typeof ConsoleRole>;

/** One site an account works on, and as what. */
export const ConsoleSiteRole = z.object({ site: z.string(), role: ConsoleRole });
export type ConsoleSiteRole = z.infer<typeof ConsoleSiteRole>;

const email = z.string().trim().max(254).pipe(z.email({ message: 'must be an email address' }));

/** `POST /console/api/login`. */
export const ConsoleLogin = z.object({ email, password: z.string().min(1, 'must not be empty').max(1024) }).strict();
export type ConsoleLogin = z.infer<typeof ConsoleLogin>;

/**
 * A staff account. `admin`: the server's administrator, who adds sites and sees every site. `sites`:
 * its roles, as far as the caller may see them (an owner sees roles on the sites they own).
 */
export const ConsoleAccount = z.object({ id: z.number(), email: z.string(), admin: z.boolean(), sites: z.array(ConsoleSiteRole), createdAt: z.string(), disabled: z.boolean() });
export type ConsoleAccount = z.infer<typeof ConsoleAccount>;

/** `GET /console/api/me` and the login answer: who is signed in and the token for `X-CSRF-Token`. */
export const ConsoleMe = z.object({ account: ConsoleAccount, csrfToken: z.string() });
export type ConsoleMe = z.infer<typeof ConsoleMe>;

/** Why staff did something, kept in the audit trail. */
const reason = plain(z.string().trim().min(1).max(1000));

const isoInstant = z.iso.datetime({ offset: true });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2024-02-11');
/**
 * A date or an instant. A date is a whole day in the site's time zone, and a from–to range is
 * inclusive at both ends (from = to is that one day); the server turns it into instants.
 */
const instant = z.union([isoInstant.transform((v) => new Date(v).toISOString()), day]);

/** `GET /console/api/consents`: every filter optional, newest first. */
export const ConsentSearchQuery = z
  .object({
    site: plainText(80).optional(),
    email: email.optional(),
    formId: plainText(120).optional(),
    purpose: Purpose.optional(),
    kind: z.enum(['form-consent', 'cookie-choice']).optional(),
    from: instant.optional(),
    to: instant.optional(),
    beforeSeq: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();
export type ConsentSearchQuery = z.input<typeof ConsentSearchQuery>;

/** `GET /console/api/consents/export`: a date range is required, so an export is always a chosen slice. */
export const ConsentExportQuery = z
  .object({
    site: plainText(80).optional(),
    from: instant,
    to: instant,
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

/** `POST /console/api/subjects/:id/flags`: restriction (Art. 18) or objection (Art. 21) on or off. */
export const SubjectFlagChange = z
  .object({ flag: z.enum(['restricted', 'objected']), on: z.boolean(), reason })
  .strict();

/** `POST /console/api/subjects/:id/erase`. */
export const SubjectErase = z.object({ reason }).strict();

/** `POST /console/api/subjects/:id/rectify`: the corrected address; the old one goes to the audit trail. */
export const SubjectRectify = z.object({ email, reason }).strict();

/** `POST /console/api/accounts/:id/disabled` (an owner of every site the account works on). */
export const AccountDisable = z.object({ disabled: z.boolean() }).strict();

/** `POST /console/api/accounts/:id/unlock` (an owner of a site the account works on, or an administrator): the answer; `cleared` counts the sign-in locks lifted (0 when there were none). */
export const AccountUnlocked = z.object({ ok: z.literal(true), cleared: z.number().int().nonnegative() });
export type AccountUnlocked = z.infer<typeof AccountUnlocked>;

const siteKey = plainText(80);

/**
 * `POST /console/api/accounts`: a new staff member with roles on sites the caller owns (an
 * administrator: any site, and may make another administrator). The answer carries a one-time
 * password, shown once, for the new member's first sign-in.
 */
export const AccountCreate = z
  .object({
    email,
    sites: z.array(z.object({ site: siteKey, role: ConsoleRole }).strict()).max(200).default([]),
    admin: z.boolean().default(false),
  })
  .strict()
  .refine((a) => a.admin || a.sites.length > 0, { message: 'give at least one site, or make an administrator', path: ['sites'] })
  .refine((a) => new Set(a.sites.map((s) => s.site)).size === a.sites.length, { message: 'each site once', path: ['sites'] });
export type AccountCreate = z.input<typeof AccountCreate>;

/** `PUT /console/api/accounts/:id/sites/:key`: the account's role on a site the caller owns; `null` takes it away. */
export const SiteRoleChange = z.object({ role: ConsoleRole.nullable() }).strict();
export type SiteRoleChange = z.infer<typeof SiteRoleChange>;

/** `POST /console/api/accounts`'s answer: the account and its one-time password (never stored, never shown again). */
export const AccountCreated = z.object({ account: ConsoleAccount, password: z.string() });
export type AccountCreated = z.infer<typeof AccountCreated>;

/** `PUT /console/api/sites/:key/console-settings` (owner): where the daily chain-head digest goes. */
export const ConsoleSiteSettingsBody = z
  .object({
    digestEmail: email.nullable(),
    digestWebhook: plain(z.url({ protocol: /^https$/, message: 'must be an https:// URL' }).max(2048)).nullable(),
  })
  .strict();
export type ConsoleSiteSettingsBody = z.infer<typeof ConsoleSiteSettingsBody>;

/**
 * A count on the console's numbers page, after small-count suppression (server/services/anonymised-stats.ts):
 * `null` when fewer than 5 are behind it, 0 included ("fewer than 5"), otherwise rounded down to a
 * multiple of 5 (10 stands for 10 to 14). No client ever gets an exact count.
 */
export const StatCount = z.number().int().min(5).multipleOf(5).nullable();
export type StatCount = z.infer<typeof StatCount>;

/** Marketing opt-ins on one form (`-` for none given) in one week, Monday first. */
export const WeeklyOptInStat = z.object({ formId: z.string(), week: day, granted: StatCount, declined: StatCount });
export type WeeklyOptInStat = z.infer<typeof WeeklyOptInStat>;

/** Choices in the cookie notice for one category, all time. */
export const CategoryChoiceStat = z.object({ purpose: z.string(), granted: StatCount, declined: StatCount, withdrawn: StatCount });
export type CategoryChoiceStat = z.infer<typeof CategoryChoiceStat>;

/** Rights requests of one kind. */
export const RequestKindStat = z.object({
  kind: z.string(),
  total: StatCount,
  completed: StatCount,
  /** Open now (verified or in progress), and of those past their deadline. */
  open: StatCount,
  overdue: StatCount,
  /** Mean days from receipt to completion; `null` unless at least 5 are completed (a mean of fewer describes persons). */
  meanDaysToComplete: z.number().nullable(),
});
export type RequestKindStat = z.infer<typeof RequestKindStat>;

/** `GET /console/api/stats[?site=…]`: anonymised counts only. */
export const ConsoleStats = z.object({ weeklyOptIns: z.array(WeeklyOptInStat), categoryChoices: z.array(CategoryChoiceStat), requests: z.array(RequestKindStat) });
export type ConsoleStats = z.infer<typeof ConsoleStats>;

/** `POST /console/api/login` answers 202 with this when the password was right and a second step is due: a code, or setting up two-factor first. */
export const ConsoleLoginPending = z.object({ next: z.enum(['code', 'enrol']) });
export type ConsoleLoginPending = z.infer<typeof ConsoleLoginPending>;

/** A 6-digit code from the authenticator app, or a recovery code (`xxxx-xxxx-xxxx-xxxx`). */
export const TwoFactorCode = z.object({ code: z.string().trim().min(6, 'must be the 6-digit code or a recovery code').max(40) }).strict();
export type TwoFactorCode = z.infer<typeof TwoFactorCode>;

/** Setting up two-factor: the secret for manual entry, the `otpauth://` URI, and that URI as a QR code (`data:image/svg+xml`). */
export const TwoFactorEnrolment = z.object({ secret: z.string(), uri: z.string(), qr: z.string() });
export type TwoFactorEnrolment = z.infer<typeof TwoFactorEnrolment>;

/** Two-factor switched on: the ten recovery codes, shown this once (only their hashes are kept). */
export const TwoFactorEnabled = z.object({ recoveryCodes: z.array(z.string()).length(10) });
export type TwoFactorEnabled = z.infer<typeof TwoFactorEnabled>;

/** `POST /console/api/login/enrol/confirm`: signed in, with the recovery codes to keep. */
export const ConsoleMeEnrolled = ConsoleMe.extend(TwoFactorEnabled.shape);
export type ConsoleMeEnrolled = z.infer<typeof ConsoleMeEnrolled>;

/** `GET /console/api/two-factor`: the signed-in person's own two-factor. */
export const TwoFactorStatus = z.object({ enabled: z.boolean(), required: z.boolean(), recoveryCodesLeft: z.number().int() });
export type TwoFactorStatus = z.infer<typeof TwoFactorStatus>;

/** `GET`/`PUT /console/api/sites/:key/two-factor` (owner): whether the site's staff must use two-factor. */
export const SiteTwoFactor = z.object({ required: z.boolean() }).strict();
export type SiteTwoFactor = z.infer<typeof SiteTwoFactor>;

/** `GET /console/api/requests`: which requests the board shows. `state` uses the one open/late rule (server/services/deadlines.ts). */
export const RequestListQuery = z
  .object({
    site: plainText(80).optional(),
    state: z.enum(['all', 'open', 'closed', 'overdue', 'due-soon']).default('all'),
    kind: RightsKind.optional(),
  })
  .strict();
export type RequestListQuery = z.input<typeof RequestListQuery>;

/** The board's counters, over the site's requests whatever the filter: open, overdue, and due within 7 days. */
export const RequestCounts = z.object({ open: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int() });
export type RequestCounts = z.infer<typeof RequestCounts>;

/**
 * The daily chain-head digest, as mailed and posted: the site, the head's seq and hash and how many
 * records lead to it, whether it extends the previous digest, and an HMAC-SHA256 over the rest
 * with a key from the server's environment (`SAMTYKKE_DIGEST_KEY`, never in the database), so a
 * rewritten database cannot make a matching digest. Whoever receives it keeps it.
 */
export const SignedChainDigest = z
  .object({
    v: z.literal(1),
    site: z.string().max(80),
    at: isoInstant,
    seq: z.number().int().nullable(),
    count: z.number().int().min(0),
    head: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex hash'),
    /** null for a site's first digest. */
    extendsPrevious: z.boolean().nullable(),
    /** null when the server has no digest key. */
    signature: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  })
  .strict();
export type SignedChainDigest = z.infer<typeof SignedChainDigest>;

/** `POST /console/api/sites/:key/chain/check`: an earlier digest, pasted (the mail's text or the JSON alone). */
export const ChainCheckBody = z.object({ digest: z.string().min(1, 'must not be empty').max(20_000) }).strict();

/** The answer: whether today's chain extends the earlier digest, and if not, the first record that does not. */
export const ChainCheckAnswer = z.object({
  signature: z.enum(['valid', 'invalid', 'unsigned', 'no-key']),
  extends: z.boolean(),
  digest: SignedChainDigest,
  count: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), eventId: z.string(), reason: z.string() }).optional(),
});
export type ChainCheckAnswer = z.infer<typeof ChainCheckAnswer>;

/**
 * `GET /console/api/consents/:eventId/proof` carries `check`: whether this record still holds.
 * `broken`: the chain's own hashes break at or before it (`firstBroken`). `rewritten`: today's
 * chain no longer passes through the head of the newest signed digest the server kept (`digestAt`),
 * or that digest itself says it did not extend the one before, so the chain this record hangs on
 * was rewritten and re-hashed; which record was changed cannot be told, only that the proof no
 * longer holds.
 */
export const RecordCheck = z.object({
  ok: z.boolean(),
  problem: z.enum(['broken', 'rewritten']).optional(),
  firstBroken: z.object({ seq: z.number().int(), eventId: z.string(), reason: z.string() }).optional(),
  digestAt: isoInstant.optional(),
  /** How many records the digest covered. */
  digestCount: z.number().int().optional(),
});
export type RecordCheck = z.infer<typeof RecordCheck>;

/** `GET /console/api/conversations`: the inbox, open (default) or closed ones, or all. */
export const ConversationListQuery = z
  .object({
    site: plainText(80).optional(),
    state: z.enum(['open', 'closed', 'all']).default('open'),
  })
  .strict();
export type ConversationListQuery = z.input<typeof ConversationListQuery>;

/** One conversation in the inbox, as the signed-in staff member sees it. */
export const InboxConversation = z.object({
  id: z.string(),
  site: z.string(),
  /** The site's display name. */
  siteName: z.string(),
  lang: z.enum(['nb', 'en']),
  createdAt: z.string(),
  lastActivityAt: z.string(),
  messageCount: z.number().int(),
  /** The address the visitor left when asking for a person; null when none was given, or the person is erased. */
  email: z.string().nullable(),
  /** The visitor asked for a person. */
  handedOverAt: z.string().nullable(),
  /** Asked for a person, not closed, and the last word is not staff's: someone should answer. */
  waiting: z.boolean(),
  /** The visitor's messages this staff member has not read (unread is per staff member). */
  unread: z.number().int(),
  assignedTo: z.object({ id: z.number(), email: z.string() }).nullable(),
  closedAt: z.string().nullable(),
  /** The newest message, for the preview. */
  last: z.object({ author: z.enum(['visitor', 'bot', 'staff']), text: z.string(), at: z.string() }).nullable(),
});
export type InboxConversation = z.infer<typeof InboxConversation>;

/** The inbox's counters, over the caller's conversations whatever the filter. */
export const InboxCounts = z.object({ open: z.number().int(), closed: z.number().int(), waiting: z.number().int(), unread: z.number().int(), mine: z.number().int() });
export type InboxCounts = z.infer<typeof InboxCounts>;

/** The answer to `GET /console/api/conversations`. */
export const InboxList = z.object({ conversations: z.array(InboxConversation), counts: InboxCounts });
export type InboxList = z.infer<typeof InboxList>;

/** `POST /console/api/conversations/:id/assign`: to the caller, or to nobody. */
export const ConversationAssign = z.object({ to: z.enum(['me', 'nobody']) }).strict();
export type ConversationAssign = z.infer<typeof ConversationAssign>;

/** `POST /console/api/conversations/:id/read`: the caller has read up to this message. */
export const ConversationRead = z.object({ seq: z.number().int().min(0) }).strict();
export type ConversationRead = z.infer<typeof ConversationRead>;
/** One corrected value on a rectification request (Art. 16): any field the person named, old → new. */
export const RequestCorrection = z
  .object({
    field: plain(z.string().trim().min(1, 'must not be empty').max(120)),
    old: plain(z.string().max(2000)),
    new: plain(z.string().max(2000)),
  })
  .strict();
export type RequestCorrection = z.infer<typeof RequestCorrection>;

/** `POST /console/api/requests/:id/corrections`: what was corrected, one row per field; the requester is told when the request is completed. */
export const RequestCorrections = z.object({ corrections: z.array(RequestCorrection).min(1, 'give at least one correction').max(50), reason: reason.optional() }).strict();
export type RequestCorrections = z.input<typeof RequestCorrections>;

/**
 * `GET /console/api/requests/:id/export`: the built access or portability export, for staff to
 * look at before it is released (the requester can download it once the request is completed).
 * `csv`: the consent history as its own file, UTF-8 with a BOM; `separator=semicolon` for
 * spreadsheets set up for Norwegian, where `,` is the decimal mark.
 */
export const RequestExportQuery = z
  .object({
    format: z.enum(['json', 'csv']).default('json'),
    separator: z.enum(['comma', 'semicolon']).default('comma'),
    download: z.enum(['0', '1']).default('0'),
  })
  .strict();
export type RequestExportQuery = z.input<typeof RequestExportQuery>;

/**
 * What the daily retention job will delete, per site and day, counts only (no personal data):
 * erased people purged for good 30 days after erasure, requests nobody verified within a week
 * closed as expired, and exports emptied once their download link has expired. `day` is the date
 * (site time zone) the item falls due; the job acts on its first run at or after that;
 * `dueNow`: it is already due and goes on the next run (or `npm run admin -- retention --run`).
 */
export const RetentionDue = z.object({
  site: z.string(),
  what: z.enum(['erased-people', 'unverified-requests', 'expired-exports']),
  day,
  count: z.number().int().positive(),
  dueNow: z.boolean(),
});
export type RetentionDue = z.infer<typeof RetentionDue>;

/** `GET /console/api/retention[?site=…]` (owners: their sites), and the CLI's listing. */
export const RetentionPlan = z.object({ at: isoInstant, items: z.array(RetentionDue) });
export type RetentionPlan = z.infer<typeof RetentionPlan>;

/** How long the previous secret key keeps working after a rotation, so the site's backend can move to the new one. */
export const SecretGrace = z.enum(['none', '1h', '24h', '7d']);
export type SecretGrace = z.infer<typeof SecretGrace>;

/** `POST /console/api/sites/:key/rotate-secret` (owner). Without a body: 24 hours. */
export const SecretRotation = z.object({ grace: SecretGrace.default('24h') }).strict();
export type SecretRotation = z.input<typeof SecretRotation>;

/** Its answer: the new key, shown once, and until when the old one is still accepted (null: refused already). */
export const SecretRotated = z.object({ secretKey: z.string(), oldKeyValidUntil: isoInstant.nullable() });
export type SecretRotated = z.infer<typeof SecretRotated>;

/**
 * `POST /console/api/sites/:key/policy-change/preview` (owner): the policy as it is about to be
 * saved as a material change. Nothing is sent; the answer says how many will get the mail, and the
 * mail itself, so the owner confirms before the save (with `materialChange`) sends it.
 */
export const PolicyChangePreviewBody = z.object({ policy: SiteSettings.shape.policy.omit({ materialChange: true }) }).strict();
export type PolicyChangePreviewBody = z.input<typeof PolicyChangePreviewBody>;

/** The answer: recipients now on the marketing list, and the mail (Bokmål and English in one) as each will get it, their unsubscribe link aside. */
export const PolicyChangePreview = z.object({
  recipients: z.number().int().nonnegative(),
  /** This version was announced already: saving it as material again sends nothing. */
  alreadySent: z.boolean(),
  mail: z.object({ subject: z.string(), text: z.string() }),
});
export type PolicyChangePreview = z.infer<typeof PolicyChangePreview>;
