-- A comment the customer wrote through a channel (email, portal, wechat, wecom) rather than staff: the channel's name.
-- Null for what staff wrote.
ALTER TABLE tkt_comments ADD inbound_channel NVARCHAR(20) NULL;
