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
];

export function migrate(db: Database.Database, now: () => Date): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
  const current = (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
  const known = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > known) {
    throw new Error(`The database is at schema version ${current}, newer than this server (${known}). Upgrade the server.`);
  }
  const apply = db.transaction(() => {
    for (const m of MIGRATIONS.filter((x) => x.version > current)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, now().toISOString());
    }
  });
  apply.immediate();
}
