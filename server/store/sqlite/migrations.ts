import type Database from 'better-sqlite3';
import { CHAT_SCHEMA } from './chat-schema.ts';

/**
 * Schema versions, applied in order at open. Never edit a shipped migration: add the next one,
 * because files already in the field carry the old version.
 */
const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE sites (
  key TEXT PRIMARY KEY,
  settings TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE site_origins (
  site TEXT NOT NULL REFERENCES sites(key),
  origin TEXT NOT NULL,
  PRIMARY KEY (site, origin)
) STRICT;
CREATE INDEX site_origins_origin ON site_origins(origin);

CREATE TABLE notice_texts (
  hash TEXT PRIMARY KEY,
  text TEXT NOT NULL,
  lang TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE subjects (
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(key),
  email_hash TEXT NOT NULL,
  email TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (site, email_hash)
) STRICT;

CREATE TABLE subject_links (
  consent_id TEXT NOT NULL,
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  site TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  PRIMARY KEY (consent_id, subject_id)
) STRICT;
CREATE INDEX subject_links_subject ON subject_links(subject_id);

CREATE TABLE consent_events (
  seq INTEGER PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(key),
  event_id TEXT NOT NULL UNIQUE,
  receipt_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject_id INTEGER REFERENCES subjects(id),
  subject_hash TEXT,
  consent_id TEXT,
  purposes TEXT NOT NULL,
  basis TEXT NOT NULL,
  text_hash TEXT NOT NULL REFERENCES notice_texts(hash),
  lang TEXT NOT NULL,
  policy_url TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  form_id TEXT,
  page_url TEXT NOT NULL,
  client_time TEXT NOT NULL,
  received_at TEXT NOT NULL,
  widget_version TEXT NOT NULL,
  user_agent TEXT,
  source TEXT NOT NULL CHECK (source IN ('browser', 'server')),
  ip_truncated TEXT,
  body_hash TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE INDEX consent_events_site_seq ON consent_events(site, seq);
CREATE INDEX consent_events_subject ON consent_events(subject_id);
CREATE INDEX consent_events_consent ON consent_events(consent_id);

-- Invariant 2: proof of consent is evidence; the database itself refuses edits and deletions.
CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;
CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events
BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;

CREATE TABLE admin_tokens (
  hash TEXT PRIMARY KEY,
  label TEXT,
  created_at TEXT NOT NULL
) STRICT;
`,
  },
  {
    version: 2,
    // Staff look a person up across all sites; the UNIQUE (site, email_hash) index cannot serve that.
    sql: 'CREATE INDEX subjects_email_hash ON subjects(email_hash);',
  },
  {
    version: 3,
    // The console: staff accounts, sessions, login throttling, per-subject flags, its own audit and jobs.
    sql: `
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'agent')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT
) STRICT;

-- Only the SHA-256 of a session token is kept: a copied database cannot sign anyone in.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_account ON sessions(account_id);

-- Keys are HMACs of the account email or of the client address, never the address itself (invariant 4).
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at TEXT NOT NULL,
  locked_until TEXT
) STRICT;

ALTER TABLE subjects ADD COLUMN restricted_at TEXT;
ALTER TABLE subjects ADD COLUMN objected_at TEXT;
ALTER TABLE subjects ADD COLUMN erased_at TEXT;
ALTER TABLE subjects ADD COLUMN purge_after TEXT;
ALTER TABLE subjects ADD COLUMN purged_at TEXT;

CREATE TABLE site_console_settings (
  site TEXT PRIMARY KEY REFERENCES sites(key),
  digest_email TEXT,
  digest_webhook TEXT,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE console_audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  account_id INTEGER REFERENCES accounts(id),
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT NOT NULL
) STRICT;
CREATE TRIGGER console_audit_no_update BEFORE UPDATE ON console_audit
BEGIN SELECT RAISE(ABORT, 'console_audit is append-only'); END;
CREATE TRIGGER console_audit_no_delete BEFORE DELETE ON console_audit
BEGIN SELECT RAISE(ABORT, 'console_audit is append-only'); END;

CREATE TABLE job_runs (
  job TEXT NOT NULL,
  day TEXT NOT NULL,
  ran_at TEXT NOT NULL,
  result TEXT NOT NULL,
  PRIMARY KEY (job, day)
) STRICT;
`,
  },
  {
    version: 4,
    // The privacy chat: conversations, messages, policies, rights requests, codes, audit trail.
    sql: CHAT_SCHEMA,
  },
  {
    version: 5,
    // Access and portability exports, kept until their link expires; the requester's token unlocks them.
    sql: `
CREATE TABLE request_exports (
  request_id TEXT PRIMARY KEY REFERENCES requests(id),
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
ALTER TABLE requests ADD COLUMN extended_at TEXT;
`,
  },
  {
    version: 6,
    // Request details and reply addresses are sealed at rest (AES-256-GCM): lookups by email go
    // through the same keyed hash as subjects.email_hash. Filled and sealed by sealAll at open.
    sql: `
ALTER TABLE requests ADD COLUMN email_hash TEXT;
CREATE INDEX requests_email_hash ON requests(site, email_hash);
ALTER TABLE conversations ADD COLUMN reply_email_hash TEXT;
CREATE INDEX conversations_reply_email_hash ON conversations(site, reply_email_hash);
`,
  },  {
    version: 7,
    // Sign-in locks per account and address pair: which account a counter belongs to (a keyed
    // hash, as the key), so an owner can lift every lock on one account at once.
    sql: `
ALTER TABLE login_throttle ADD COLUMN account_key TEXT;
CREATE INDEX login_throttle_account ON login_throttle(account_key);
`,
  },  {
    version: 8,
    // Limits that must survive a restart (verification codes and guesses per address group), as
    // PostgreSQL's rate_limits: `bucket` is a keyed hash of the limit's name and key; rows live one window.
    sql: `
CREATE TABLE rate_limits (
  bucket TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  hits INTEGER NOT NULL
) STRICT;
CREATE INDEX rate_limits_window ON rate_limits(window_start);
`,
  },
  {
    version: 9,
    // Staff per site (issue 15): an account is owner or agent of each site it works on, and a
    // server administrator creates sites and sees them all. Nothing changes for an install made
    // before this: today's owners become administrators and owners of every site, today's agents
    // agents of every site. accounts.role keeps what an account was before; nothing reads it now.
    // console_audit.site names the site an entry is about, so each site's staff see their own.
    sql: `
ALTER TABLE accounts ADD COLUMN admin INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1));
CREATE TABLE account_sites (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  site TEXT NOT NULL REFERENCES sites(key),
  role TEXT NOT NULL CHECK (role IN ('owner', 'agent')),
  PRIMARY KEY (account_id, site)
) STRICT;
CREATE INDEX account_sites_site ON account_sites(site);
UPDATE accounts SET admin = 1 WHERE role = 'owner';
INSERT INTO account_sites (account_id, site, role) SELECT a.id, s.key, a.role FROM accounts a CROSS JOIN sites s;
ALTER TABLE console_audit ADD COLUMN site TEXT;
CREATE INDEX console_audit_site ON console_audit(site);
`,
  },
  {
    version: 10,
    // Webhooks: a site's endpoints, and one delivery row per event and endpoint that wants it,
    // written by a trigger on consent_events. Being part of the INSERT, it commits with the event
    // or not at all, whichever path wrote it (group commit, unsubscribe, a completed request), so
    // an outbox row never exists for an event that was rolled back, nor an event without its rows.
    sql: `
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(key),
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  description TEXT,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  failing_since TEXT
) STRICT;
CREATE INDEX webhook_endpoints_site ON webhook_endpoints(site);
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  site TEXT NOT NULL,
  event_type TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  order_key TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER NOT NULL DEFAULT 0,
  last_attempt_at TEXT,
  last_status INTEGER,
  last_response TEXT,
  delivered_at TEXT
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at);
CREATE INDEX webhook_deliveries_order ON webhook_deliveries(endpoint_id, order_key, state, id);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, id);
CREATE TRIGGER consent_events_webhooks AFTER INSERT ON consent_events
BEGIN
  INSERT INTO webhook_deliveries (endpoint_id, site, event_type, event_seq, order_key, created_at)
  SELECT e.id, NEW.site, t.type, NEW.seq, COALESCE(NEW.subject_hash, NEW.consent_id, NEW.event_id), NEW.received_at
  FROM webhook_endpoints e,
    (SELECT CASE WHEN NEW.kind = 'cookie-choice' THEN 'cookie.choice'
      ELSE 'consent.' || json_extract(NEW.purposes, '$[0].decision') END AS type) t
  WHERE e.site = NEW.site AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = t.type);
END;
`,
  },
  {
    version: 11,
    // Two-factor sign-in (TOTP, RFC 6238): the secret sealed at rest (seal-context totpSecret),
    // recovery codes as SHA-256 only, pending sign-ins between the password and the code (token
    // hashed, attempts counted), and the sites whose staff must use it.
    sql: `
CREATE TABLE account_totp (
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  enabled_at TEXT,
  last_step INTEGER
) STRICT;
CREATE TABLE account_recovery_codes (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  code_hash TEXT NOT NULL,
  used_at TEXT,
  PRIMARY KEY (account_id, code_hash)
) STRICT;
CREATE TABLE login_challenges (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  purpose TEXT NOT NULL CHECK (purpose IN ('code', 'enrol')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX login_challenges_account ON login_challenges(account_id);
CREATE TABLE site_two_factor (
  site TEXT PRIMARY KEY REFERENCES sites(key),
  required_at TEXT NOT NULL
) STRICT;
`,
  },
  {
    version: 12,
    // The chat's map of each policy onto the intents (built when a policy is saved) and the
    // owner's own choices for an intent: another section or a short answer of their own. Both
    // per site, language and policy version, so a new version starts from its own map.
    sql: `
CREATE TABLE policy_maps (
  site TEXT NOT NULL,
  lang TEXT NOT NULL,
  version TEXT NOT NULL,
  map TEXT NOT NULL,
  built_at TEXT NOT NULL,
  PRIMARY KEY (site, lang, version)
) STRICT;
CREATE TABLE policy_choices (
  site TEXT NOT NULL,
  lang TEXT NOT NULL,
  version TEXT NOT NULL,
  intent TEXT NOT NULL,
  section_id TEXT,
  answer TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (site, lang, version, intent),
  CHECK ((section_id IS NULL) <> (answer IS NULL))
) STRICT;
`,
  },
  {
    version: 13,
    // Policies imported from an address on the site's own origins: where from, and a hash of the
    // text last read, so the daily re-read notices a change and the console can say so.
    sql: `
CREATE TABLE policy_imports (
  site TEXT NOT NULL,
  lang TEXT NOT NULL,
  url TEXT NOT NULL,
  hash TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  changed_at TEXT,
  PRIMARY KEY (site, lang)
) STRICT;
`,
  },
  {
    version: 14,
    // The inbox (issue 17): who a conversation is assigned to, when staff closed it (for good: the
    // visitor starts a new one), and how far each staff member has read it, for their own unread counts.
    sql: `
ALTER TABLE conversations ADD COLUMN assigned_to INTEGER;
ALTER TABLE conversations ADD COLUMN closed_at TEXT;
CREATE TABLE conversation_reads (
  conversation_id TEXT NOT NULL,
  account_id INTEGER NOT NULL,
  read_seq INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, account_id)
) STRICT;
`,
  },
  {
    version: 15,
    // Key rotation with a grace period the owner chooses: the old secret's hash stays valid until
    // old_secret_until, so the live integration can move to the new key without being cut off.
    sql: `
ALTER TABLE sites ADD COLUMN old_secret_hash TEXT;
ALTER TABLE sites ADD COLUMN old_secret_until TEXT;
`,
  },
  {
    version: 16,
    // Double opt-in: one row per grant on a form that asks for it. Only the link token's SHA-256
    // is kept; the address comes from the grant's subject (so erasure hides it here too). The
    // outcome (confirmed, expired) is its own record in consent_events; `recorded_at` says it is
    // there, so a crash between settling and appending is finished by the daily job.
    sql: `
CREATE TABLE double_opt_ins (
  token_hash TEXT PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(key),
  grant_event_id TEXT NOT NULL UNIQUE,
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  lang TEXT NOT NULL CHECK (lang IN ('nb', 'en')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'expired', 'superseded')),
  settled_at TEXT,
  recorded_at TEXT
) STRICT;
CREATE INDEX double_opt_ins_due ON double_opt_ins(state, expires_at);
CREATE INDEX double_opt_ins_unrecorded ON double_opt_ins(recorded_at, state);
`,
  },
  {
    version: 17,
    // Webhooks for changes to a person (erased, restriction or objection set or lifted) and to
    // their rights requests (received, verified, completed): the deliveries name the subject or
    // the request instead of a consent record (event_seq 0, which no record has). A person's are
    // written by the store in the transaction that makes the change; a request's by a trigger on
    // request_events, the request's own append-only history, so every path that records the step
    // commits its deliveries with it.
    sql: `
ALTER TABLE webhook_deliveries ADD COLUMN subject_id INTEGER;
ALTER TABLE webhook_deliveries ADD COLUMN request_id TEXT;
CREATE TRIGGER request_events_webhooks AFTER INSERT ON request_events
WHEN NEW.type IN ('received', 'verified', 'status:completed')
BEGIN
  INSERT INTO webhook_deliveries (endpoint_id, site, event_type, event_seq, order_key, created_at, request_id)
  SELECT e.id, r.site, t.type, 0, COALESCE(r.email_hash, r.id), NEW.at, r.id
  FROM requests r, webhook_endpoints e,
    (SELECT CASE NEW.type WHEN 'received' THEN 'request.received' WHEN 'verified' THEN 'request.verified' ELSE 'request.completed' END AS type) t
  WHERE r.id = NEW.request_id AND e.site = r.site AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = t.type);
END;
`,
  },
  {
    version: 18,
    // request_events stays append-only with one exception: the retention purge blanks the data of
    // an erased person's corrections (old and new values are personal data), keeping the step.
    sql: `
DROP TRIGGER request_events_no_update;
CREATE TRIGGER request_events_no_update BEFORE UPDATE ON request_events
WHEN NOT (NEW.data IS NULL AND NEW.seq = OLD.seq AND NEW.request_id = OLD.request_id AND NEW.at = OLD.at AND NEW.type = OLD.type AND NEW.actor = OLD.actor)
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;
`,
  },
];

/** The version of the migration whose SQL contains `marker`, so a test finds one however it is renumbered. */
export function migrationVersion(marker: string): number {
  const found = MIGRATIONS.find((m) => m.sql.includes(marker));
  if (!found) throw new Error(`No SQLite migration contains ${marker}`);
  return found.version;
}

/** `upTo`: stop after this version (tests that build a database as an older server left it). */
export function migrate(db: Database.Database, now: () => Date, upTo = Number.MAX_SAFE_INTEGER): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
  const current = (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
  const known = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > known) {
    throw new Error(`The database is at schema version ${current}, newer than this server (${known}). Upgrade the server.`);
  }
  const apply = db.transaction(() => {
    for (const m of MIGRATIONS.filter((x) => x.version > current && x.version <= upTo)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, now().toISOString());
    }
  });
  apply.immediate();
}
