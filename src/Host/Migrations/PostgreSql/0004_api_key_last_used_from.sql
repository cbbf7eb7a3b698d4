-- Where an API key was last used from (the client address, after a known proxy's forwarding): an admin reviewing keys
-- sees a key used from somewhere it should not be.
ALTER TABLE sys_api_keys ADD COLUMN last_used_from TEXT NULL;
