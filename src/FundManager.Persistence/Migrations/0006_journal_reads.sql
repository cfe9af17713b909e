-- Reads the grains make of the journal now that it is their source of truth: a payment's
-- reversal is found by the key it reverses, and a fund's pools are summed from its budgetary lines.
CREATE INDEX journal_entry_reverses ON fundmanager.journal_entry (reverses) WHERE reverses IS NOT NULL;
CREATE INDEX journal_line_pool ON fundmanager.journal_line (contribution_id, account) INCLUDE (side, usd_amount)
    WHERE account IN (9000, 9100);
