-- The processes run as an application login that owns nothing (see ApplicationLogin.cs); the
-- schema's owner keeps that login's password here, out of the application's reach.
CREATE SCHEMA IF NOT EXISTS fundmanager_owner;
REVOKE ALL ON SCHEMA fundmanager_owner FROM PUBLIC;

CREATE TABLE fundmanager_owner.application_login
(
    role_name  text        PRIMARY KEY,
    password   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The application may read the kept balances but never write them: the trigger that keeps them
-- runs with its owner's rights, so a login with INSERT on the journal alone can still post lines.
ALTER FUNCTION fundmanager.add_to_balances() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
REVOKE ALL ON FUNCTION fundmanager.add_to_balances() FROM PUBLIC;
