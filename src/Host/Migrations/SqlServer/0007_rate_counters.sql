-- Requests per policy, client address and one-minute window, counted by every host alike (SharedWindowLimiter).
CREATE TABLE sys_rate_counters (
  policy_key NVARCHAR(300) NOT NULL,
  window_start DATETIMEOFFSET NOT NULL,
  n BIGINT NOT NULL,
  CONSTRAINT pk_sys_rate_counters PRIMARY KEY (policy_key, window_start)
);
CREATE INDEX ix_sys_rate_counters_window ON sys_rate_counters (window_start);
