-- The customer portal opens an invitation with a token of its own (the e-mailed one is only a hash here and keeps
-- working): the survey page accepts either.
ALTER TABLE srv_invitations ADD portal_token_hash TEXT NULL;
CREATE UNIQUE INDEX ux_srv_invitations_portal_token ON srv_invitations (portal_token_hash) WHERE portal_token_hash IS NOT NULL;
