-- People (a user) or everyone of a role subscribed by a manager to a report, sent by e-mail each day, week or month.
CREATE TABLE rpt_subscriptions (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  report NVARCHAR(40) NOT NULL,
  frequency NVARCHAR(20) NOT NULL,
  user_name NVARCHAR(200) NULL,
  role NVARCHAR(40) NULL,
  time_zone NVARCHAR(100) NOT NULL,
  language NVARCHAR(10) NOT NULL,
  created_by NVARCHAR(200) NOT NULL,
  created_at DATETIMEOFFSET NOT NULL
);
-- One row per subscription, period and recipient, written with the e-mail: a period goes out once, whichever host runs.
CREATE TABLE rpt_subscription_deliveries (
  subscription_id BIGINT NOT NULL,
  period NVARCHAR(40) NOT NULL,
  recipient NVARCHAR(200) NOT NULL,
  message_id BIGINT NOT NULL,
  queued_at DATETIMEOFFSET NOT NULL,
  CONSTRAINT pk_rpt_subscription_deliveries PRIMARY KEY (subscription_id, period, recipient)
);
