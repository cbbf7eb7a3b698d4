-- People (a user) or everyone of a role subscribed by a manager to a report, sent by e-mail each day, week or month.
CREATE TABLE rpt_subscriptions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  report TEXT NOT NULL,
  frequency TEXT NOT NULL,
  user_name TEXT NULL,
  role TEXT NULL,
  time_zone TEXT NOT NULL,
  language TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- One row per subscription, period and recipient, written with the e-mail: a period goes out once, whichever host runs.
CREATE TABLE rpt_subscription_deliveries (
  subscription_id INTEGER NOT NULL,
  period TEXT NOT NULL,
  recipient TEXT NOT NULL,
  message_id INTEGER NOT NULL,
  queued_at TEXT NOT NULL,
  PRIMARY KEY (subscription_id, period, recipient)
);
