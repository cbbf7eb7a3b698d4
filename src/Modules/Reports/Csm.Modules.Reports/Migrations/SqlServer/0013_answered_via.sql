-- How each answer came (the invitation's channel: email, sms, link; or a reusable link's: widget, link, qr), a group of
-- the satisfaction reports; answers kept before it was recorded have none. The rollups' shape (their dimensions and
-- time zone) is kept so the host rebuilds them at start-up when it changes (a new group, a new Reports:TimeZone).
ALTER TABLE rpt_responses ADD answered_via NVARCHAR(20) NULL;
CREATE TABLE rpt_rollup_shape (
  id BIGINT NOT NULL PRIMARY KEY,
  shape NVARCHAR(1000) NOT NULL,
  rebuilt_at DATETIMEOFFSET NOT NULL
);
