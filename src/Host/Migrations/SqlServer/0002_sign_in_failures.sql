-- Failed sign-ins per user name, whether or not an account has that name: guessing one account's password is slowed
-- down, then locked for a while, and the answers are the same for names that exist and names that do not.
CREATE TABLE sys_sign_in_failures (
  user_name NVARCHAR(200) NOT NULL CONSTRAINT pk_sys_sign_in_failures PRIMARY KEY,
  failures INT NOT NULL,
  last_failed_at DATETIMEOFFSET NOT NULL
);
