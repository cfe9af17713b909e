-- Running balances of the journal, one row per fund, account and dimension, kept by the database
-- itself in the transaction that writes the lines (whoever writes them), so the position reads a
-- few rows instead of every line ever written. The journal stays the truth: the reconciliation
-- compares these rows with the sums of the lines.
CREATE TABLE fundmanager.journal_balance
(
    fund_id         text          NOT NULL,
    account         smallint      NOT NULL,
    donor_id        uuid          NULL,
    contribution_id uuid          NULL,
    project_id      uuid          NULL,
    debits          numeric(24,2) NOT NULL,
    credits         numeric(24,2) NOT NULL,
    -- The value date of the row's first debit: for a contribution's receipts, when its money first came in.
    first_debit_on  date          NULL
);

CREATE UNIQUE INDEX journal_balance_key ON fundmanager.journal_balance (fund_id, account, donor_id, contribution_id, project_id) NULLS NOT DISTINCT;

CREATE FUNCTION fundmanager.add_to_balances() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO fundmanager.journal_balance AS b (fund_id, account, donor_id, contribution_id, project_id, debits, credits, first_debit_on)
    SELECT e.fund_id, l.account, l.donor_id, l.contribution_id, l.project_id,
           coalesce(sum(l.usd_amount) FILTER (WHERE l.side = 'D'), 0),
           coalesce(sum(l.usd_amount) FILTER (WHERE l.side = 'C'), 0),
           min(e.value_date) FILTER (WHERE l.side = 'D')
      FROM new_lines l
      JOIN fundmanager.journal_entry e ON e.entry_no = l.entry_no
     GROUP BY e.fund_id, l.account, l.donor_id, l.contribution_id, l.project_id
     -- A fixed order, so two writers touching the same rows take their locks in the same order.
     ORDER BY e.fund_id, l.account, l.donor_id, l.contribution_id, l.project_id
    ON CONFLICT (fund_id, account, donor_id, contribution_id, project_id)
    DO UPDATE SET debits = b.debits + excluded.debits, credits = b.credits + excluded.credits,
                  first_debit_on = least(b.first_debit_on, excluded.first_debit_on);
    RETURN NULL;
END
$f$;

CREATE TRIGGER journal_line_balances AFTER INSERT ON fundmanager.journal_line
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION fundmanager.add_to_balances();

INSERT INTO fundmanager.journal_balance (fund_id, account, donor_id, contribution_id, project_id, debits, credits, first_debit_on)
SELECT e.fund_id, l.account, l.donor_id, l.contribution_id, l.project_id,
       coalesce(sum(l.usd_amount) FILTER (WHERE l.side = 'D'), 0),
       coalesce(sum(l.usd_amount) FILTER (WHERE l.side = 'C'), 0),
       min(e.value_date) FILTER (WHERE l.side = 'D')
  FROM fundmanager.journal_line l
  JOIN fundmanager.journal_entry e ON e.entry_no = l.entry_no
 GROUP BY e.fund_id, l.account, l.donor_id, l.contribution_id, l.project_id;
