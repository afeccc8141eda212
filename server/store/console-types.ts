import type { ChainHead, ConsentProofView, ConsoleConsentRecord, ConsoleSiteSettings, LegalBasis, RightsStatus, SubjectFlags, SubjectSummary } from '../../protocol/index.ts';
import type { ConversationSummary, StoredRightsRequest } from './chat-types.ts';
import type { ConsentRecord } from './types.ts';

// The records the console reads are described in protocol/console-views.ts.
export type { ChainHead, ConsentProofView, ConsoleConsentRecord, ConsoleSiteSettings, SubjectFlags, SubjectSummary };

/**
 * How long a claimed daily run may go unfinished before another instance may claim it. The jobs
 * take seconds; an hour also covers a slow mail server, so a run that is merely slow is not
 * started twice (its mails would go out twice).
 */
export const JOB_LEASE_MS = 60 * 60_000;

export type Role = 'owner' | 'agent';

/** One site an account works on, and as what. */
export interface SiteRole {
  site: string;
  role: Role;
}

/**
 * A staff member of the console. The password hash never leaves the store except for login.
 * Powers come from `sites` (owner or agent per site) and `admin` (the server's administrator:
 * every site, and the one who creates sites); see middleware/console-auth/access.ts.
 */
export interface Account {
  id: number;
  email: string;
  admin: boolean;
  /** By site key. */
  sites: SiteRole[];
  createdAt: string;
  disabled: boolean;
}

export interface StoredSession {
  account: Account;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
}

/**
 * What a login throttle is counted for: the account email typed from one address group (the
 * pair), the account from anywhere, or one address group trying any account. All stored keyed-hashed.
 */
export type ThrottleSubject =
  | { kind: 'pair'; email: string; address: string }
  | { kind: 'account'; email: string }
  | { kind: 'address'; address: string };

/** How long sign-in is refused after repeated attempts on one subject (see services/login-throttle.ts). */
export interface ThrottlePolicy {
  /** Attempts allowed before the first lock; the attempt that reaches it sets the lock. */
  free: number;
  /** The first lock; each further attempt after it doubles it. */
  baseMs: number;
  maxMs: number;
  /** A counter untouched for this long is forgotten. */
  forgetMs: number;
}

/** One subject and its policy, as one sign-in attempt claims it. */
export interface LoginClaim {
  subject: ThrottleSubject;
  policy: ThrottlePolicy;
}

/** Whether the claimed attempt may check the password; when not, how long until one may. */
export type LoginClaimResult = { allowed: true } | { allowed: false; waitMs: number };

export interface ThrottleState {
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
}

export interface ConsentSearch {
  site?: string;
  /** Only these sites (the caller's); undefined: every site. */
  sites?: readonly string[];
  email?: string;
  formId?: string;
  purpose?: string;
  kind?: ConsentRecord['kind'];
  /** ISO instants, inclusive from, exclusive to, on `receivedAt`. */
  from?: string;
  to?: string;
  /** Newest first; pass the last seq seen to page on. */
  beforeSeq?: number;
  /** @default 50 */
  limit?: number;
}

/** One person on a site's marketing list. */
export interface MarketingEntry {
  email: string;
  /** The basis of the grant that holds now: `consent`, or `existing-customer` (soft opt-in). */
  basis: LegalBasis;
  /** When the unbroken run of grants that keeps them on the list began (receipt time, ISO). */
  since: string;
  /** When they confirmed the address by a double opt-in link in this run; null when they have not (yet). */
  confirmedAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  accountId: number | null;
  accountEmail: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

/** Exact counts (this and the two below): the wire gets them only through services/anonymised-stats.ts. */
export interface WeeklyOptIn {
  formId: string;
  /** ISO week start (Monday), YYYY-MM-DD. */
  week: string;
  granted: number;
  declined: number;
}

export interface CategoryChoices {
  purpose: string;
  granted: number;
  declined: number;
  withdrawn: number;
}

export interface RequestStats {
  kind: string;
  total: number;
  completed: number;
  /** Mean days from receipt to completion, over completed requests. */
  meanDaysToComplete: number | null;
}

export interface SubjectChat {
  conversation: ConversationSummary;
  messages: { seq: number; author: string; text: string; at: string }[];
}

/** The console's part of the Store. */
export interface ConsoleStore {
  createAccount(input: { email: string; passwordHash: string; admin?: boolean; sites?: SiteRole[] }): Account;
  findAccount(id: number): Account | undefined;
  setAccountAdmin(id: number, admin: boolean): boolean;
  /** Gives the account this role on the site, or takes its role there away (`null`). False when the account or site is unknown. */
  setSiteRole(accountId: number, site: string, role: Role | null): boolean;
  setAccountPassword(email: string, passwordHash: string): boolean;
  /** The account and its hash, for login only. */
  findAccountForLogin(email: string): (Account & { passwordHash: string }) | undefined;
  listAccounts(): Account[];
  setAccountDisabled(id: number, disabled: boolean): boolean;

  /** A new session; the token is returned once and only its SHA-256 is kept. */
  createSession(accountId: number, at: Date): { token: string; csrfToken: string };
  findSession(token: string): StoredSession | undefined;
  touchSession(token: string, at: Date): void;
  deleteSession(token: string): void;
  deleteSessionsOf(accountId: number): void;

  loginThrottle(subject: ThrottleSubject): ThrottleState | undefined;
  /**
   * Claims one sign-in attempt on every subject at once, in one transaction, before the password
   * is checked: refused (nothing counted) when any subject is locked, else each counter goes up
   * by one and locks by its policy. So N parallel attempts can never all pass one check.
   */
  claimLoginAttempt(claims: LoginClaim[], at: Date): LoginClaimResult;
  /** Takes back one claimed attempt (a right password), lifting the lock when it falls under `free`. */
  releaseLoginAttempt(claim: LoginClaim): void;
  clearLoginFailures(subject: ThrottleSubject): void;
  /** Lifts every lock on this account: from any address and the account as a whole. Returns how many counters went. */
  clearAccountLocks(email: string): number;

  searchConsents(query: ConsentSearch): ConsoleConsentRecord[];
  /** Oldest first, no limit: for an export of a chosen date range. */
  exportConsents(query: Omit<ConsentSearch, 'limit' | 'beforeSeq'>): ConsoleConsentRecord[];
  /** A person's whole history on all sites (or one), with texts and linked cookie choices; hidden once erased. */
  consentHistory(email: string, site?: string): ConsoleConsentRecord[];
  consentProof(eventId: string): ConsentProofView | undefined;
  chainHead(site: string): ChainHead;
  /** Emails whose latest marketing-email decision is a grant, minus restricted, objecting and erased subjects. */
  marketingList(site: string): string[];
  /** The same people as `marketingList`, in the same order, with the basis and since when. */
  marketingEntries(site: string): MarketingEntry[];
  /** The token of a person's one-click unsubscribe link for a site (see unsubscribe-token.ts). */
  unsubscribeToken(site: string, email: string): string;
  /** Whom an unsubscribe token was issued for; undefined when it is not one of ours. */
  readUnsubscribeToken(token: string): { site: string; email: string } | undefined;

  /** The subject for this address on the site, made if it has none yet (a request without any consent). */
  ensureSubject(site: string, email: string, at: Date): number;
  subjectsByEmail(email: string): SubjectSummary[];
  /** The site a subject belongs to, for the console's access check. */
  subjectSite(subjectId: number): string | undefined;
  setSubjectFlag(subjectId: number, flag: 'restricted' | 'objected', on: boolean, at: Date): boolean;
  /** Hides the subject everywhere at once; the retention job purges it after `purgeAfter`. */
  eraseSubject(subjectId: number, at: Date, purgeAfter: Date): boolean;
  /** Subjects erased and due for purge at `at`. */
  subjectsDueForPurge(at: Date): number[];
  /** Removes the email for good; the consent chain (keyed hashes only) stays verifiable. */
  purgeSubject(subjectId: number, at: Date): void;
  rectifySubjectEmail(subjectId: number, email: string): { old: string | null } | undefined;

  consoleSiteSettings(site: string): ConsoleSiteSettings;
  setConsoleSiteSettings(settings: ConsoleSiteSettings, at: Date): void;

  /** `site`: the site the action was on, so each site's staff see their own site's entries only. */
  appendAudit(entry: { at: Date; accountId: number | null; action: string; target?: string; site?: string; detail?: Record<string, unknown> }): void;
  /**
   * Newest first. `sites`: only entries on these sites (an entry's `site`, or for older entries
   * a `site:<key>` target), plus those written by `accountId` (sign-ins, own actions).
   */
  listAudit(filter?: { target?: string; limit?: number; sites?: readonly string[]; accountId?: number }): AuditEntry[];

  /**
   * True when this job had not yet run for `day` (YYYY-MM-DD) and is now marked as run by the
   * caller. A run still unfinished {@link JOB_LEASE_MS} after it was claimed (its process died
   * mid-job) may be claimed again, so one crash does not skip the day.
   */
  claimJobRun(job: string, day: string, at: Date): boolean;
  finishJobRun(job: string, day: string, result: string): void;
  /** Whether this job has been claimed for `day` (running or finished): a version announced already, say. */
  jobRunDone(job: string, day: string): boolean;

  /**
   * Moves a request from one of `from` to `to` and writes one audit event with `data`, in one
   * transaction. Undefined when the request is not in one of `from` (nothing is written).
   */
  transitionRequest(id: string, from: RightsStatus[], to: RightsStatus, at: Date, actor: string, data: Record<string, unknown>): StoredRightsRequest | undefined;
  /** Sets a later due date once; false when already extended. */
  extendRequest(id: string, dueAt: Date, at: Date, actor: string, data: Record<string, unknown>): boolean;
  requestExtendedAt(id: string): string | null;
  putRequestExport(id: string, body: string, at: Date, expiresAt: Date): void;
  /** The export and its dates; `body` is '' once its link has expired and the retention job has cleared it. */
  getRequestExport(id: string): { body: string; createdAt: string; expiresAt: string } | undefined;
  /**
   * Empties every export whose link expired by `now`, keeping its dates (so a late download still
   * says "expired", and the console still shows that one was made); returns how many.
   */
  clearExpiredExports(now: Date): number;
  /** Every request made with this address on the site, newest first. */
  requestsByEmail(email: string, site: string): StoredRightsRequest[];
  /** Conversations where the person left this address, or that a request of theirs came from. */
  subjectChats(email: string, site: string): SubjectChat[];
  /**
   * What the retention job will act on, without personal data: each erased person not yet purged
   * (at: purge_after), each unverified request (at: received), each export still held (at: its expiry).
   */
  retentionItems(): { site: string; kind: 'purge' | 'unverified' | 'export'; at: string }[];
  /** Unverified requests received before `before` become `expired`; returns how many. */
  expireUnverifiedRequests(before: Date, at: Date): number;

  /** `sites`: only these sites (the caller's); undefined: every site. */
  weeklyOptIns(site?: string, sites?: readonly string[]): WeeklyOptIn[];
  requestStats(site?: string, sites?: readonly string[]): RequestStats[];
  categoryChoices(site?: string, sites?: readonly string[]): CategoryChoices[];
}
