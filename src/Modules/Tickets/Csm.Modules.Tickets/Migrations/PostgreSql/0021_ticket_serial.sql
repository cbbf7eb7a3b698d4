-- Ticket numbers from a sequence on a server engine. Taking the next number by updating tkt_ticket_numbers locked its one
-- row until the opener committed, so every ticket opened on any host waited for the one before it to commit (the web
-- form on PostgreSQL: nearly every busy connection waited on that lock, ~100 tickets a second). A sequence hands out
-- numbers without holding anything; a ticket whose opening fails after taking its number leaves a gap. SQLite keeps the
-- counter row: its write turn already makes openers take turns, and its numbers stay without gaps.
CREATE SEQUENCE tkt_ticket_serial AS BIGINT START WITH 1 MINVALUE 1;
SELECT setval('tkt_ticket_serial', (SELECT last_number FROM tkt_ticket_numbers) + 1, false);
