-- WeChat Official Account (platform 'wechat') and WeCom ('wecom'): which customer a sender (OpenID / UserID) is, the
-- ticket each conversation opened (agents' replies go back by the platform's customer service API), and every message
-- received, keyed by the platform's MsgId so that the platform's retries are taken once.
CREATE TABLE tkt_wechat_followers (
  platform NVARCHAR(10) NOT NULL,
  open_id NVARCHAR(128) NOT NULL,
  customer_id BIGINT NOT NULL,
  linked_by NVARCHAR(200) NULL,
  linked_at DATETIMEOFFSET NOT NULL,
  PRIMARY KEY (platform, open_id)
);
CREATE INDEX ix_tkt_wechat_followers_customer ON tkt_wechat_followers (customer_id);
CREATE TABLE tkt_wechat_threads (
  ticket_id BIGINT PRIMARY KEY,
  platform NVARCHAR(10) NOT NULL,
  open_id NVARCHAR(128) NOT NULL
);
CREATE INDEX ix_tkt_wechat_threads_follower ON tkt_wechat_threads (platform, open_id, ticket_id);
CREATE TABLE tkt_wechat_messages (
  platform NVARCHAR(10) NOT NULL,
  msg_id NVARCHAR(64) NOT NULL,
  open_id NVARCHAR(128) NOT NULL,
  ticket_id BIGINT NULL,
  received_at DATETIMEOFFSET NOT NULL,
  PRIMARY KEY (platform, msg_id)
);
