-- WeChat Official Account (platform 'wechat') and WeCom ('wecom'): which customer a sender (OpenID / UserID) is, the
-- ticket each conversation opened (agents' replies go back by the platform's customer service API), and every message
-- received, keyed by the platform's MsgId so that the platform's retries are taken once.
CREATE TABLE tkt_wechat_followers (
  platform TEXT NOT NULL,
  open_id TEXT NOT NULL,
  customer_id INTEGER NOT NULL,
  linked_by TEXT NULL,
  linked_at TEXT NOT NULL,
  PRIMARY KEY (platform, open_id)
);
CREATE INDEX ix_tkt_wechat_followers_customer ON tkt_wechat_followers (customer_id);
CREATE TABLE tkt_wechat_threads (
  ticket_id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  open_id TEXT NOT NULL
);
CREATE INDEX ix_tkt_wechat_threads_follower ON tkt_wechat_threads (platform, open_id, ticket_id);
CREATE TABLE tkt_wechat_messages (
  platform TEXT NOT NULL,
  msg_id TEXT NOT NULL,
  open_id TEXT NOT NULL,
  ticket_id INTEGER NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (platform, msg_id)
);
