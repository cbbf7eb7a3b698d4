-- A follow-up task (calling back an unhappy customer, a rule's task) is due like any ticket, by a policy managers can
-- change: two business days, a VIP's the same working day. A task has no first reply to wait for (the opener ignores it).
INSERT INTO tkt_sla_policies (name, type_code, priority, tier, calendar_id, first_response_minutes, resolution_minutes, at_risk_share, escalation, is_active, version, created_at, updated_at)
VALUES ('Follow-up task 回访任务', 'task', NULL, NULL, NULL, 2880, 2880, 0.8, '[{"when": "atRisk", "target": null, "action": "notify", "assignTo": null}, {"when": "breached", "target": null, "action": "notify", "assignTo": null}]', 1, 1, now(), now());
INSERT INTO tkt_sla_policies (name, type_code, priority, tier, calendar_id, first_response_minutes, resolution_minutes, at_risk_share, escalation, is_active, version, created_at, updated_at)
VALUES ('VIP follow-up task VIP 回访任务', 'task', NULL, 'vip', NULL, 480, 480, 0.8, '[{"when": "atRisk", "target": null, "action": "notify", "assignTo": null}, {"when": "breached", "target": null, "action": "notify", "assignTo": null}]', 1, 1, now(), now());
