-- On PostgreSQL and SQL Server ticket numbers now come from a sequence (tkt_ticket_serial), so that openers on several
-- hosts no longer wait for each other's commit. SQLite keeps the counter row tkt_ticket_numbers: its write turn already
-- makes openers take turns, and its numbers stay without gaps. Nothing changes here.
SELECT 1;
