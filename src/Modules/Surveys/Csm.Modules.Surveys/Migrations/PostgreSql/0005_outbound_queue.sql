-- Survey e-mails and SMS now go through the one outbound queue (out_messages): what was still waiting moves there.
INSERT INTO out_messages (module, business_key, kind, channel, recipient, language, subject, body_text, status, attempts, due_at, expires_at,
  last_error, created_at, settled_at)
SELECT 'surveys', CONCAT('invitation:', m.invitation_id), CASE WHEN m.is_reminder = 1 THEN 'surveyReminder' ELSE 'surveyInvitation' END,
  m.channel, m.recipient, i.language, m.subject, m.body, CASE WHEN m.recipient IS NULL THEN 'failed' ELSE 'queued' END, m.attempts,
  m.due_at, i.expires_at, CASE WHEN m.recipient IS NULL THEN 'no recipient' ELSE m.last_error END, m.created_at,
  CASE WHEN m.recipient IS NULL THEN m.created_at ELSE NULL END
FROM srv_outbound_messages m JOIN srv_invitations i ON i.id = m.invitation_id
WHERE m.sent_at IS NULL AND m.failed_at IS NULL
ORDER BY m.id;
DROP TABLE srv_outbound_messages;
