-- Changes when what a session was granted changes (roles, team, status, password): sessions and tokens carrying an
-- older stamp stop working at once.
ALTER TABLE sys_users ADD COLUMN security_stamp BIGINT NOT NULL DEFAULT 1;
