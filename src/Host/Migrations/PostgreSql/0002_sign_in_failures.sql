-- Failed sign-ins per user name, whether or not an account has that name: guessing one account's password is slowed
-- down, then locked for a while, and the answers are the same for names that exist and names that do not.
CREATE TABLE sys_sign_in_failures (
  user_name TEXT NOT NULL CONSTRAINT pk_sys_sign_in_failures PRIMARY KEY,
  failures BIGINT NOT NULL,
  last_failed_at TIMESTAMPTZ NOT NULL
);
