-- How each answer came (the invitation's channel: email, sms, link; or a reusable link's: widget, link, qr), a group of
-- the satisfaction reports; answers kept before it was recorded have none. The rollups' shape (their dimensions and
-- time zone) is kept so the host rebuilds them at start-up when it changes (a new group, a new Reports:TimeZone).
ALTER TABLE rpt_responses ADD COLUMN answered_via TEXT NULL;
CREATE TABLE rpt_rollup_shape (
  id BIGINT PRIMARY KEY,
  shape TEXT NOT NULL,
  rebuilt_at TIMESTAMPTZ NOT NULL
);
