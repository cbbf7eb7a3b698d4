-- The re-survey of an unhappy answer after its follow-up was resolved: whether it was sent (or why not), and the
-- customer's second answer, read against the first to count who recovered.
CREATE TABLE rpt_resurveys (
  response_id INTEGER PRIMARY KEY,
  invitation_id INTEGER NULL,
  status TEXT NOT NULL,
  reason TEXT NULL,
  issued_at TEXT NOT NULL,
  resurvey_response_id INTEGER NULL,
  nps INTEGER NULL,
  csat INTEGER NULL,
  ces INTEGER NULL,
  classification TEXT NULL,
  answered_at TEXT NULL
);
