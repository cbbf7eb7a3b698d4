-- Canned replies (macros): a reply or note in both languages with placeholders, and what applying it also changes.
CREATE TABLE tkt_macros (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  owner TEXT NOT NULL,
  is_shared INTEGER NOT NULL DEFAULT 0,
  visibility TEXT NOT NULL,
  body_zh TEXT NOT NULL,
  body_en TEXT NOT NULL,
  actions TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ix_tkt_macros_owner ON tkt_macros (owner);
