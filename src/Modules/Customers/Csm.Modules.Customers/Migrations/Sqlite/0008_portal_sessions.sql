-- A portal session ends on the server when the customer signs out: the link that opened it says so, and the cookie
-- (or any copy of it) opens nothing after.
ALTER TABLE cus_portal_links ADD session_ended_at TEXT NULL;
