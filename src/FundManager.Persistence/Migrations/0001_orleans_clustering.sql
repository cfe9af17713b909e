-- Orleans cluster membership, written for the ADO.NET clustering provider's contract:
-- the provider reads its statements from orleansquery (unquoted, found through search_path),
-- binds parameters by name and reads result columns by name.
CREATE SCHEMA IF NOT EXISTS orleans;

CREATE TABLE orleans.orleansquery
(
    querykey  varchar(64) PRIMARY KEY,
    querytext text        NOT NULL
);

-- One row per cluster: its membership version, the optimistic-concurrency token of every change.
CREATE TABLE orleans.membership_version
(
    deployment_id text        PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0 CHECK (version >= 0),
    changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orleans.membership
(
    deployment_id   text        NOT NULL REFERENCES orleans.membership_version (deployment_id),
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO orleans.orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans.membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT count(*)::integer FROM created;
$q$),

('MembershipReadAllKey', $q$
SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
FROM orleans.membership_version v
LEFT JOIN orleans.membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$q$),

('MembershipReadRowKey', $q$
SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
FROM orleans.membership_version v
LEFT JOIN orleans.membership m
       ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$q$),

-- @Version is the version the silo last read; the change applies only if nobody moved it since.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans.membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = @DeploymentId AND version = @Version
       AND NOT EXISTS (SELECT 1 FROM orleans.membership
                        WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id),
added AS (
    INSERT INTO orleans.membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                    proxy_port, suspect_times, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
           coalesce(@ProxyPort, 0), NULL, @StartTime, @IAmAliveTime
      FROM bumped
    RETURNING 1)
SELECT count(*)::integer FROM added;
$q$),

('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans.membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = @DeploymentId AND version = @Version
       AND EXISTS (SELECT 1 FROM orleans.membership
                    WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id),
changed AS (
    UPDATE orleans.membership m
       SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = greatest(m.i_am_alive_time, @IAmAliveTime)
      FROM bumped
     WHERE m.deployment_id = bumped.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1)
SELECT count(*)::integer FROM changed;
$q$),

-- Heartbeats do not change the membership version.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans.membership
   SET i_am_alive_time = greatest(i_am_alive_time, @IAmAliveTime)
 WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$q$),

('GatewaysQueryKey', $q$
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
  FROM orleans.membership
 WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans.membership WHERE deployment_id = @DeploymentId;
DELETE FROM orleans.membership_version WHERE deployment_id = @DeploymentId;
$q$),

-- Dead silos whose last sign of life is older than the cut-off.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans.membership
 WHERE deployment_id = @DeploymentId AND status = 6
   AND i_am_alive_time < @IAmAliveTime AND start_time < @IAmAliveTime;
$q$),

-- The provider picks the rows itself and deletes each only if it is still exactly as it read it.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans.membership
 WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
   AND status = 6 AND i_am_alive_time = @IAmAliveTime AND start_time = @StartTime
   AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '');
$q$);
