-- Lines belong to the transaction that wrote their entry. Checked once per statement over all the
-- lines it inserts (a transition table), not once per line: a group commit inserts hundreds.
DROP TRIGGER journal_line_same_transaction ON fundmanager.journal_line;
DROP FUNCTION fundmanager.refuse_late_line();

CREATE FUNCTION fundmanager.refuse_late_lines() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
    late bigint;
BEGIN
    SELECT l.entry_no INTO late
      FROM new_lines l
      JOIN fundmanager.journal_entry e ON e.entry_no = l.entry_no
     WHERE e.xmin::text <> (txid_current() % 4294967296)::text
     LIMIT 1;
    IF late IS NOT NULL THEN
        RAISE EXCEPTION 'journal entry % was written by an earlier transaction; its lines cannot change', late
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$f$;

CREATE TRIGGER journal_line_same_transaction AFTER INSERT ON fundmanager.journal_line
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION fundmanager.refuse_late_lines();
