-- Orleans grain state, written for the ADO.NET grain storage provider's contract. A write names
-- the version it read; a mismatch is reported by returning a version the provider does not
-- expect (the one it sent, or NULL for a lost insert race), never by an error.
CREATE TABLE orleans.grain_state
(
    grain_id_hash      integer     NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_type_hash    integer     NOT NULL,
    grain_type         text        NOT NULL,
    grain_id_extension text        NULL,
    service_id         text        NOT NULL,
    payload            bytea       NULL,
    version            integer     NOT NULL CHECK (version > 0),
    modified_at        timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX grain_state_identity
    ON orleans.grain_state (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, grain_type, service_id, grain_id_extension)
    NULLS NOT DISTINCT;

INSERT INTO orleans.orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS PayloadBinary, version AS Version
  FROM orleans.grain_state
 WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND grain_type = @GrainTypeString AND service_id = @ServiceId
   AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),

('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans.grain_state
       SET payload = @PayloadBinary, version = version + 1, modified_at = now()
     WHERE @GrainStateVersion IS NOT NULL
       AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
       AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND grain_type = @GrainTypeString AND service_id = @ServiceId
       AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
       AND version = @GrainStateVersion
    RETURNING version),
inserted AS (
    INSERT INTO orleans.grain_state (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type,
                                     grain_id_extension, service_id, payload, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT CASE WHEN @GrainStateVersion IS NULL THEN (SELECT version FROM inserted)
            ELSE coalesce((SELECT version FROM updated), @GrainStateVersion)
       END AS NewGrainStateVersion;
$q$),

('ClearStorageKey', $q$
UPDATE orleans.grain_state
   SET payload = NULL, version = version + 1, modified_at = now()
 WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND grain_type = @GrainTypeString AND service_id = @ServiceId
   AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
$q$),

('DeleteStorageKey', $q$
DELETE FROM orleans.grain_state
 WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
   AND grain_type = @GrainTypeString AND service_id = @ServiceId
   AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version + 1 AS NewGrainStateVersion;
$q$);
