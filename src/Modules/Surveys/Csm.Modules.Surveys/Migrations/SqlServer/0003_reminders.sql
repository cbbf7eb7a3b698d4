-- A reminder is rendered with the invitation (the token is not kept) and skipped at send time if already answered.
ALTER TABLE srv_outbound_messages ADD is_reminder BIT NOT NULL CONSTRAINT df_srv_outbound_is_reminder DEFAULT 0;
ALTER TABLE srv_distributions ADD remind_after_hours INT NULL;
