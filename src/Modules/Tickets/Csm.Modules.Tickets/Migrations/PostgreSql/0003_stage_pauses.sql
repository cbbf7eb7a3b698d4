-- A stage's time limit excludes waits for the customer like the SLA clocks do: the ticket's running pause total when
-- it entered its stage, so the stage's own pauses are paused_minutes - stage_paused_base.
ALTER TABLE tkt_tickets ADD COLUMN stage_paused_base DOUBLE PRECISION NOT NULL DEFAULT 0;
