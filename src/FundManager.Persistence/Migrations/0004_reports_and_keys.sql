-- Reports the scheduled jobs and officers produce, kept to be listed and downloaded later.
CREATE TABLE fundmanager.report
(
    id         uuid        PRIMARY KEY,
    kind       text        NOT NULL,
    fund_id    text        NULL,
    title      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text        NOT NULL,
    run_id     text        NULL,
    summary    jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX report_kind_created ON fundmanager.report (kind, created_at DESC);
CREATE UNIQUE INDEX report_run ON fundmanager.report (kind, run_id) WHERE run_id IS NOT NULL;

CREATE TABLE fundmanager.report_file
(
    report_id    uuid  NOT NULL REFERENCES fundmanager.report (id),
    format       text  NOT NULL,
    content_type text  NOT NULL,
    content      bytea NOT NULL,
    PRIMARY KEY (report_id, format)
);

-- ASP.NET Core data-protection keys, so sign-in tokens survive restarts and work on every dashboard.
CREATE TABLE fundmanager.data_protection_key
(
    friendly_name text        PRIMARY KEY,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Small facts about the installation itself (for example how far the demo data got).
CREATE TABLE fundmanager.setting
(
    key        text        PRIMARY KEY,
    value      text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
