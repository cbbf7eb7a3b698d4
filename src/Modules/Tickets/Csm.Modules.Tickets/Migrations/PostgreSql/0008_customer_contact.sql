-- A customer-visible reply is e-mailed to the customer: Tickets keeps the address and the language from the customers' events.
ALTER TABLE tkt_customers ADD COLUMN email TEXT NULL;
ALTER TABLE tkt_customers ADD COLUMN language TEXT NULL;
