-- The journal as the grains' source of truth. A grain that keeps its state in the journal numbers
-- its entries; one entry per position, so two activations deciding from the same state cannot both
-- be written (the second is refused and starts again from the journal).
ALTER TABLE fundmanager.journal_entry ADD COLUMN stream text NULL, ADD COLUMN stream_position integer NULL
    CHECK ((stream IS NULL) = (stream_position IS NULL) AND (stream_position IS NULL OR stream_position > 0));
CREATE UNIQUE INDEX journal_entry_stream ON fundmanager.journal_entry (stream, stream_position) WHERE stream IS NOT NULL;

-- One audit record per command: a record delivered again (an outbox after a restart, a retried
-- commit whose first answer was lost) is not written twice.
ALTER TABLE fundmanager.audit_event ADD COLUMN command_id uuid NULL;
CREATE UNIQUE INDEX audit_event_command ON fundmanager.audit_event (command_id) WHERE command_id IS NOT NULL;
