-- The audit trail: every command, who, when, what, before and after. Append-only like the journal,
-- and hash-chained by the application under a key the database does not hold.
CREATE TABLE fundmanager.audit_event
(
    seq           bigint      PRIMARY KEY CHECK (seq > 0),
    at            timestamptz NOT NULL,
    actor         text        NOT NULL,
    roles         text        NOT NULL,
    action        text        NOT NULL,
    target        text        NOT NULL,
    arguments     text        NOT NULL,
    before_state  text        NULL,
    after_state   text        NULL,
    outcome       text        NOT NULL,
    previous_hash text        NOT NULL,
    hash          text        NOT NULL
);

CREATE INDEX audit_event_actor ON fundmanager.audit_event (actor, at);
CREATE INDEX audit_event_target ON fundmanager.audit_event (target, at);

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON fundmanager.audit_event
    FOR EACH ROW EXECUTE FUNCTION fundmanager.refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON fundmanager.audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION fundmanager.refuse_change();

-- Alerts the reconciliation raises for people to see and acknowledge.
CREATE TABLE fundmanager.alert
(
    id               uuid        PRIMARY KEY,
    raised_at        timestamptz NOT NULL,
    source           text        NOT NULL,
    subject          text        NOT NULL,
    title            text        NOT NULL,
    detail           text        NOT NULL,
    report_id        uuid        NULL REFERENCES fundmanager.report (id),
    acknowledged_at  timestamptz NULL,
    acknowledged_by  text        NULL
);

CREATE INDEX alert_open ON fundmanager.alert (raised_at DESC) WHERE acknowledged_at IS NULL;
