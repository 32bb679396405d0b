-- BankOrleans: Orleans ADO.NET clustering (membership) schema for SQLite.
--
-- Orleans ships no SQLite clustering script; this one implements the same contract as the
-- official PostgreSQL/MySQL scripts (same table shapes, same query keys and parameters) for
-- Microsoft.Orleans.Clustering.AdoNet with the invariant "System.Data.SQLite".
--
-- It is applied by every silo at start, possibly by four silos at once, so every statement is
-- idempotent and the whole script runs inside one BEGIN IMMEDIATE transaction (the caller
-- sets a busy timeout). The query texts are (re)written on every start so that an upgraded
-- silo always finds the queries it was built with.
--
-- Conventions the provider relies on:
-- * Insert/Update return one row with one column: non-zero = success, 0 = the table version
--   (etag) did not match or the row did not exist; in that case nothing was changed.
-- * The provider reads every result set of a command, so a trailing COMMIT still runs.
-- * Times are bound as .NET DateTime (UTC) and stored as ISO-8601 text, which sorts correctly.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- One row per cluster (DeploymentId = ClusterId); Version is the membership table's etag.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId TEXT    NOT NULL PRIMARY KEY,
    Timestamp    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    Version      INTEGER NOT NULL DEFAULT 0
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId TEXT    NOT NULL,
    Address      TEXT    NOT NULL,
    Port         INTEGER NOT NULL,
    Generation   INTEGER NOT NULL,
    SiloName     TEXT    NOT NULL,
    HostName     TEXT    NOT NULL,
    Status       INTEGER NOT NULL,
    ProxyPort    INTEGER NULL,
    SuspectTimes TEXT    NULL,
    StartTime    TEXT    NOT NULL,
    IAmAliveTime TEXT    NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation),
    FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpdateIAmAlivetimeKey', '
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
      AND Address = @Address AND @Address IS NOT NULL
      AND Port = @Port AND @Port IS NOT NULL
      AND Generation = @Generation AND @Generation IS NOT NULL;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', '
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    SELECT @DeploymentId
    WHERE @DeploymentId IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId);
    SELECT changes();
');

-- Insert the silo row only if the table version still equals @Version and the row does not
-- exist yet; bump the version only if the row was inserted. Both or neither.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipKey', '
    BEGIN IMMEDIATE;
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    WHERE @DeploymentId IS NOT NULL AND @Address IS NOT NULL AND @Port IS NOT NULL AND @Generation IS NOT NULL
      AND EXISTS (SELECT 1 FROM OrleansMembershipVersionTable
                  WHERE DeploymentId = @DeploymentId AND Version = @Version AND @Version IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM OrleansMembershipTable
                      WHERE DeploymentId = @DeploymentId AND Address = @Address
                        AND Port = @Port AND Generation = @Generation);
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = strftime(''%Y-%m-%d %H:%M:%f'', ''now'')
    WHERE DeploymentId = @DeploymentId AND Version = @Version AND changes() > 0;
    SELECT changes();
    COMMIT;
');

-- Update the silo row only if the table version still equals @Version and the row exists;
-- bump the version in the same transaction. Both or neither.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpdateMembershipKey', '
    BEGIN IMMEDIATE;
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = strftime(''%Y-%m-%d %H:%M:%f'', ''now'')
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
      AND Version = @Version AND @Version IS NOT NULL
      AND EXISTS (SELECT 1 FROM OrleansMembershipTable
                  WHERE DeploymentId = @DeploymentId AND Address = @Address
                    AND Port = @Port AND Generation = @Generation);
    UPDATE OrleansMembershipTable
    SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId AND Address = @Address
      AND Port = @Port AND Generation = @Generation
      AND changes() > 0;
    SELECT changes();
    COMMIT;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('MembershipReadRowKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT OUTER JOIN OrleansMembershipTable m
        ON v.DeploymentId = m.DeploymentId
       AND m.Address = @Address AND @Address IS NOT NULL
       AND m.Port = @Port AND @Port IS NOT NULL
       AND m.Generation = @Generation AND @Generation IS NOT NULL
    WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('MembershipReadAllKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT OUTER JOIN OrleansMembershipTable m ON v.DeploymentId = m.DeploymentId
    WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('DeleteMembershipTableEntriesKey', '
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('GatewaysQueryKey', '
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
      AND Status = @Status AND @Status IS NOT NULL
      AND ProxyPort > 0;
');

-- Status 3 = Active (Orleans.Runtime.SiloStatus): active rows are never removed.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
      AND IAmAliveTime < @IAmAliveTime
      AND Status <> 3;
');
