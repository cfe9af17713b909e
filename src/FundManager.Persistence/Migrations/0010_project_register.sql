-- Every fund's projects, registered when drafted. The fund grain held them in its state, rewritten
-- whole with each new project; here a project code's uniqueness within its fund is a unique key,
-- and a new project is one row. (A fund whose state still lists projects moves them here when it
-- activates.)
CREATE TABLE fundmanager.project_register
(
    registration_no bigint      GENERATED ALWAYS AS IDENTITY,
    project_id      uuid        NOT NULL PRIMARY KEY,
    fund_id         text        NOT NULL,
    code            text        NOT NULL CHECK (length(code) BETWEEN 1 AND 100),
    registered_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT project_register_code UNIQUE (fund_id, code)
);

CREATE INDEX project_register_fund ON fundmanager.project_register (fund_id, registration_no);
