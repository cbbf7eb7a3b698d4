-- Rule e-mails, notifications and webhooks now go through the one outbound queue (out_messages): what was still waiting
-- moves there under the firing's business key. A notification addressed "role:…" reached nobody and is failed, saying so.
INSERT INTO out_messages (module, business_key, kind, channel, recipient, subject, body_text, signature, status, attempts, due_at, last_error,
  created_at, settled_at)
SELECT 'rules', CONCAT('firing:', firing_id),
  CASE channel WHEN 'webhook' THEN 'ruleWebhook' WHEN 'notification' THEN 'staffNotification' ELSE 'ruleEmail' END,
  CASE channel WHEN 'webhook' THEN 'webhook' ELSE 'email' END,
  CASE WHEN channel = 'notification' THEN NULL ELSE recipient END, subject, body, signature,
  CASE WHEN channel = 'notification' THEN 'failed' ELSE 'queued' END, attempts, next_attempt_at,
  CASE WHEN channel = 'notification' THEN CONCAT('addressed to ', recipient, ', which no server can deliver; re-run the rule') ELSE last_error END,
  created_at, CASE WHEN channel = 'notification' THEN created_at ELSE NULL END
FROM rul_outbound_messages WHERE status = 'pending'
ORDER BY id;
DROP TABLE rul_outbound_messages;
