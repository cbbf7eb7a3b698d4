-- A reminder is rendered with the invitation (the token is not kept) and skipped at send time if already answered.
ALTER TABLE srv_outbound_messages ADD COLUMN is_reminder SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE srv_distributions ADD COLUMN remind_after_hours BIGINT NULL;
