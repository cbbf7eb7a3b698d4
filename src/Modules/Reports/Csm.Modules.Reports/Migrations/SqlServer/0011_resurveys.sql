-- The re-survey of an unhappy answer after its follow-up was resolved: whether it was sent (or why not), and the
-- customer's second answer, read against the first to count who recovered.
CREATE TABLE rpt_resurveys (
  response_id BIGINT NOT NULL PRIMARY KEY,
  invitation_id BIGINT NULL,
  status NVARCHAR(20) NOT NULL,
  reason NVARCHAR(400) NULL,
  issued_at DATETIMEOFFSET NOT NULL,
  resurvey_response_id BIGINT NULL,
  nps BIGINT NULL,
  csat BIGINT NULL,
  ces BIGINT NULL,
  classification NVARCHAR(20) NULL,
  answered_at DATETIMEOFFSET NULL
);
