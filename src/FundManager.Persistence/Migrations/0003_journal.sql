-- The money journal: append-only and double-entry. The database itself refuses to change or
-- remove what was written, and refuses an entry whose debits and credits differ.
CREATE SCHEMA IF NOT EXISTS fundmanager;

CREATE TABLE fundmanager.journal_entry
(
    entry_no        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key text        NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    fingerprint     text        NOT NULL,
    fund_id         text        NOT NULL,
    kind            smallint    NOT NULL,
    value_date      date        NOT NULL,
    recorded_at     timestamptz NOT NULL,
    recorded_by     text        NOT NULL,
    narrative       text        NOT NULL,
    reverses        text        NULL REFERENCES fundmanager.journal_entry (idempotency_key),
    committed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX journal_entry_fund_date ON fundmanager.journal_entry (fund_id, value_date);

CREATE TABLE fundmanager.journal_line
(
    entry_no          bigint        NOT NULL REFERENCES fundmanager.journal_entry (entry_no),
    line_no           smallint      NOT NULL CHECK (line_no > 0),
    account           smallint      NOT NULL,
    side              char(1)       NOT NULL CHECK (side IN ('D', 'C')),
    usd_amount        numeric(20,2) NOT NULL CHECK (usd_amount > 0),
    original_amount   numeric(24,4) NULL,
    original_currency char(3)       NULL,
    rate              numeric(28,10) NULL CHECK (rate > 0),
    rate_date         date          NULL,
    donor_id          uuid          NULL,
    contribution_id   uuid          NULL,
    project_id        uuid          NULL,
    tranche_no        integer       NULL,
    PRIMARY KEY (entry_no, line_no),
    CHECK ((original_amount IS NULL) = (original_currency IS NULL) AND (original_amount IS NULL) = (rate IS NULL))
);

CREATE INDEX journal_line_contribution ON fundmanager.journal_line (contribution_id) WHERE contribution_id IS NOT NULL;
CREATE INDEX journal_line_project ON fundmanager.journal_line (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX journal_line_donor ON fundmanager.journal_line (donor_id) WHERE donor_id IS NOT NULL;

CREATE FUNCTION fundmanager.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    RAISE EXCEPTION '% is append-only: % is refused; correct a mistake with a new entry that reverses it', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$f$;

CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON fundmanager.journal_entry
    FOR EACH ROW EXECUTE FUNCTION fundmanager.refuse_change();
CREATE TRIGGER journal_line_append_only BEFORE UPDATE OR DELETE ON fundmanager.journal_line
    FOR EACH ROW EXECUTE FUNCTION fundmanager.refuse_change();
CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON fundmanager.journal_entry
    FOR EACH STATEMENT EXECUTE FUNCTION fundmanager.refuse_change();
CREATE TRIGGER journal_line_no_truncate BEFORE TRUNCATE ON fundmanager.journal_line
    FOR EACH STATEMENT EXECUTE FUNCTION fundmanager.refuse_change();

-- Lines belong to the transaction that wrote their entry: nobody adds lines to an entry later.
CREATE FUNCTION fundmanager.refuse_late_line() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fundmanager.journal_entry e
                    WHERE e.entry_no = NEW.entry_no AND e.xmin::text = (txid_current() % 4294967296)::text) THEN
        RAISE EXCEPTION 'journal entry % was written by an earlier transaction; its lines cannot change', NEW.entry_no
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$f$;

CREATE TRIGGER journal_line_same_transaction BEFORE INSERT ON fundmanager.journal_line
    FOR EACH ROW EXECUTE FUNCTION fundmanager.refuse_late_line();

-- Checked at commit, when all of an entry's lines are in: at least two lines, debits = credits.
CREATE FUNCTION fundmanager.check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
    line_count integer;
    imbalance  numeric;
BEGIN
    SELECT count(*), coalesce(sum(CASE side WHEN 'D' THEN usd_amount ELSE -usd_amount END), 0)
      INTO line_count, imbalance
      FROM fundmanager.journal_line WHERE entry_no = NEW.entry_no;
    IF line_count < 2 OR imbalance <> 0 THEN
        RAISE EXCEPTION 'journal entry % (%) does not balance: % lines, debits minus credits = %',
            NEW.entry_no, NEW.idempotency_key, line_count, imbalance
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$f$;

CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON fundmanager.journal_entry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fundmanager.check_entry_balanced();

-- Appends one entry and its lines; an entry already recorded under the key is reported, not rewritten.
-- Outcome 1 = appended, 2 = a previous entry holds this key (its fingerprint is returned).
CREATE FUNCTION fundmanager.append_journal_entry(
    p_key text, p_fingerprint text, p_fund_id text, p_kind smallint, p_value_date date,
    p_recorded_at timestamptz, p_recorded_by text, p_narrative text, p_reverses text,
    p_accounts smallint[], p_sides text[], p_usd numeric[], p_original_amounts numeric[],
    p_original_currencies text[], p_rates numeric[], p_rate_dates date[],
    p_donors uuid[], p_contributions uuid[], p_projects uuid[], p_tranches integer[])
RETURNS TABLE (outcome smallint, entry_no bigint, fingerprint text)
LANGUAGE plpgsql AS $f$
DECLARE
    new_entry bigint;
BEGIN
    INSERT INTO fundmanager.journal_entry AS e (idempotency_key, fingerprint, fund_id, kind, value_date,
                                                recorded_at, recorded_by, narrative, reverses)
    VALUES (p_key, p_fingerprint, p_fund_id, p_kind, p_value_date, p_recorded_at, p_recorded_by, p_narrative, p_reverses)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING e.entry_no INTO new_entry;

    IF new_entry IS NULL THEN
        RETURN QUERY SELECT 2::smallint, e.entry_no, e.fingerprint
                       FROM fundmanager.journal_entry e WHERE e.idempotency_key = p_key;
        RETURN;
    END IF;

    INSERT INTO fundmanager.journal_line (entry_no, line_no, account, side, usd_amount, original_amount,
                                          original_currency, rate, rate_date, donor_id, contribution_id,
                                          project_id, tranche_no)
    SELECT new_entry, l.n::smallint, l.account, l.side::char(1), l.usd, l.original_amount, l.original_currency,
           l.rate, l.rate_date, l.donor, l.contribution, l.project, l.tranche
      FROM unnest(p_accounts, p_sides, p_usd, p_original_amounts, p_original_currencies, p_rates, p_rate_dates,
                  p_donors, p_contributions, p_projects, p_tranches)
           WITH ORDINALITY AS l(account, side, usd, original_amount, original_currency, rate, rate_date,
                                donor, contribution, project, tranche, n);

    RETURN QUERY SELECT 1::smallint, new_entry, p_fingerprint;
END
$f$;
