-- A customer-visible reply is e-mailed to the customer: Tickets keeps the address and the language from the customers' events.
ALTER TABLE tkt_customers ADD email NVARCHAR(320) NULL;
ALTER TABLE tkt_customers ADD language NVARCHAR(20) NULL;
