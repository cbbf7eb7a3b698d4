-- Ticket numbers from a sequence on a server engine. Taking the next number by updating tkt_ticket_numbers locked its one
-- row until the opener committed, so every ticket opened on any host waited for the one before it to commit. A sequence
-- hands out numbers without holding anything; a ticket whose opening fails after taking its number leaves a gap. SQLite
-- keeps the counter row: its write turn already makes openers take turns, and its numbers stay without gaps.
CREATE SEQUENCE tkt_ticket_serial AS BIGINT START WITH 1 INCREMENT BY 1 MINVALUE 1 NO CACHE;
GO
DECLARE @next BIGINT = (SELECT last_number + 1 FROM tkt_ticket_numbers);
DECLARE @restart NVARCHAR(100) = N'ALTER SEQUENCE tkt_ticket_serial RESTART WITH ' + CAST(@next AS NVARCHAR(20));
EXEC sp_executesql @restart;
