/**
 * Tables of the privacy chat (issue 4), applied as one numbered migration in `migrations.ts`.
 * Kept here so the migration list stays readable.
 */
export const CHAT_SCHEMA = `
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(key),
  lang TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'handed-over', 'ended')),
  reply_email TEXT,
  last_seq INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  last_activity_at TEXT NOT NULL,
  handed_over_at TEXT,
  ended_at TEXT
) STRICT;
CREATE INDEX conversations_activity ON conversations(status, last_activity_at);

CREATE TABLE messages (
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,
  id TEXT NOT NULL,
  author TEXT NOT NULL CHECK (author IN ('visitor', 'bot', 'staff')),
  body TEXT NOT NULL,
  to_person INTEGER NOT NULL DEFAULT 0,
  answers TEXT,
  reply_to TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq),
  UNIQUE (conversation_id, id)
) STRICT;
CREATE INDEX messages_reply_to ON messages(conversation_id, reply_to);

CREATE TABLE policies (
  site TEXT NOT NULL REFERENCES sites(key),
  lang TEXT NOT NULL,
  markdown TEXT NOT NULL,
  url TEXT NOT NULL,
  version TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (site, lang)
) STRICT;

CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(key),
  token_hash TEXT NOT NULL,
  kind TEXT NOT NULL,
  lang TEXT NOT NULL,
  status TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  details TEXT NOT NULL,
  conversation_id TEXT,
  received_at TEXT NOT NULL,
  verified_at TEXT,
  reference TEXT UNIQUE,
  due_at TEXT,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX requests_due ON requests(site, due_at);

-- The request's history is evidence of how it was handled: the database refuses edits.
CREATE TABLE request_events (
  seq INTEGER PRIMARY KEY,
  request_id TEXT NOT NULL REFERENCES requests(id),
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  data TEXT
) STRICT;
CREATE INDEX request_events_request ON request_events(request_id, seq);
CREATE TRIGGER request_events_no_update BEFORE UPDATE ON request_events
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;
CREATE TRIGGER request_events_no_delete BEFORE DELETE ON request_events
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;

-- Codes only as HMACs with the server secret: a copied database does not reveal a live code.
CREATE TABLE verification_codes (
  id INTEGER PRIMARY KEY,
  request_id TEXT NOT NULL REFERENCES requests(id),
  code_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  used_at TEXT,
  retired_at TEXT
) STRICT;
CREATE INDEX verification_codes_request ON verification_codes(request_id, id);

CREATE TABLE request_references (
  site TEXT NOT NULL REFERENCES sites(key),
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (site, year)
) STRICT;
`;
