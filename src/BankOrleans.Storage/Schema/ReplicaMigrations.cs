namespace BankOrleans.Storage.Schema;

/// <summary>
/// The replica file's schema history, oldest first. To change the schema, append a
/// migration with the next version; never edit one that has shipped, because files
/// already at that version will not run it again.
/// </summary>
internal static class ReplicaMigrations
{
    /// <summary>Every migration, in the order they are applied.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "accounts and ledger", """
            CREATE TABLE accounts (
                account_no       TEXT    NOT NULL PRIMARY KEY,
                owner            TEXT    NOT NULL,
                balance_cents    INTEGER NOT NULL CHECK (balance_cents >= 0),
                version          INTEGER NOT NULL CHECK (version >= 0),
                head             TEXT    NOT NULL,
                accepted_epoch   INTEGER NOT NULL,
                accepted_counter INTEGER NOT NULL,
                accepted_member  INTEGER NOT NULL,
                promised_epoch   INTEGER NOT NULL,
                promised_counter INTEGER NOT NULL,
                promised_member  INTEGER NOT NULL,
                frozen           INTEGER NOT NULL CHECK (frozen IN (0, 1))
            ) STRICT;

            CREATE TABLE ledger (
                tx_id                TEXT    NOT NULL,
                account_no           TEXT    NOT NULL,
                version              INTEGER NOT NULL CHECK (version >= 1),
                kind                 INTEGER NOT NULL,
                counterparty         TEXT    NULL,
                counterparty_version INTEGER NOT NULL,
                amount_cents         INTEGER NOT NULL CHECK (amount_cents >= 0),
                balance_after_cents  INTEGER NOT NULL CHECK (balance_after_cents >= 0),
                owner                TEXT    NOT NULL,
                committed_at_ms      INTEGER NOT NULL,
                prev_hash            TEXT    NOT NULL,
                hash                 TEXT    NOT NULL,
                PRIMARY KEY (tx_id, account_no),
                UNIQUE (account_no, version)
            ) STRICT;
            """),
        new(2, "row payloads, accounts by owner, registered users", """
            ALTER TABLE ledger ADD COLUMN payload TEXT NULL;

            CREATE INDEX accounts_by_owner ON accounts (owner);

            -- User objects (key 'user:<name>') as people read them: the password record from the
            -- registration row, and the session epoch (the object's version; a logout bumps it).
            CREATE VIEW registered_users AS
                SELECT a.owner            AS username,
                       l.payload          AS password_hash,
                       l.committed_at_ms  AS created_at_ms,
                       a.version          AS session_epoch
                FROM accounts a
                JOIN ledger l ON l.account_no = a.account_no AND l.version = 1
                WHERE a.account_no LIKE 'user:%' AND a.version > 0;
            """),
        new(3, "the file's identity", """
            -- One row (ARCHITECTURE §5b): made when the file is created, never reused. lsn counts the
            -- write transactions committed to the file; the stamp beside it says how many it had
            -- when it last answered, so an older copy of the file is told from the file itself.
            CREATE TABLE replica_identity (
                singleton     INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
                file_id       TEXT    NOT NULL,
                standing      INTEGER NOT NULL CHECK (standing IN (0, 1, 2)),
                lsn           INTEGER NOT NULL CHECK (lsn >= 0),
                created_at_ms INTEGER NOT NULL
            ) STRICT;
            """),
        new(4, "the replica's log", """
            -- What each group commit wrote (one row per commit, the changes in order), appended on
            -- the acknowledgement path; a checkpoint applies the rows to the tables above in large
            -- sorted batches and deletes them. lsn is the commit's replica_identity.lsn.
            CREATE TABLE replica_log (
                lsn  INTEGER NOT NULL PRIMARY KEY,
                body BLOB    NOT NULL
            ) STRICT;
            """),
        new(5, "account row checksums", """
            -- Each row's checksum of its other columns (AccountRowChecksum): no ledger hash covers
            -- a row's ballots or frozen flag, so a byte changed there on disk is caught by this.
            -- Rows already in the file take the checksum of what they hold now; the hash chain
            -- checks their balance, version and head as before.
            ALTER TABLE accounts ADD COLUMN row_sum INTEGER NOT NULL DEFAULT 0;
            UPDATE accounts SET row_sum = replica_account_row_sum(
                account_no, owner, balance_cents, version, head,
                accepted_epoch, accepted_counter, accepted_member,
                promised_epoch, promised_counter, promised_member, frozen);
            """),
    ];

    /// <summary>The version a file has once every migration ran.</summary>
    public static int Latest => All[^1].Version;
}
