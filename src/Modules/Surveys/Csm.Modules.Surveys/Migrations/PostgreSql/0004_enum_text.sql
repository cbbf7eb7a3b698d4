-- Enums are stored as every other module stores them and as the API spells them: camelCase ("vip", "service", "unhappy").
UPDATE srv_customers SET tier = CASE tier WHEN 'Vip' THEN 'vip' WHEN 'Standard' THEN 'standard' WHEN 'Prospect' THEN 'prospect' ELSE tier END;
UPDATE srv_responses SET tier = CASE tier WHEN 'Vip' THEN 'vip' WHEN 'Standard' THEN 'standard' WHEN 'Prospect' THEN 'prospect' ELSE tier END;
UPDATE srv_fatigue_policies SET tier = CASE tier WHEN 'Vip' THEN 'vip' WHEN 'Standard' THEN 'standard' WHEN 'Prospect' THEN 'prospect' ELSE tier END;
UPDATE srv_distributions SET segment_tiers = REPLACE(REPLACE(REPLACE(segment_tiers, 'Vip', 'vip'), 'Standard', 'standard'), 'Prospect', 'prospect')
WHERE segment_tiers IS NOT NULL;
UPDATE srv_surveys SET touchpoint = CASE touchpoint WHEN 'Awareness' THEN 'awareness' WHEN 'Purchase' THEN 'purchase' WHEN 'Onboarding' THEN 'onboarding' WHEN 'Service' THEN 'service' ELSE touchpoint END;
UPDATE srv_responses SET touchpoint = CASE touchpoint WHEN 'Awareness' THEN 'awareness' WHEN 'Purchase' THEN 'purchase' WHEN 'Onboarding' THEN 'onboarding' WHEN 'Service' THEN 'service' ELSE touchpoint END;
UPDATE srv_responses SET classification = CASE classification WHEN 'Happy' THEN 'happy' WHEN 'Neutral' THEN 'neutral' WHEN 'Unhappy' THEN 'unhappy' ELSE classification END;
