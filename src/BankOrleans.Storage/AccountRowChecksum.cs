using System.Buffers.Binary;
using System.IO.Hashing;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage;

/// <summary>
/// The checksum every <c>accounts</c> row carries in <c>row_sum</c> (schema 5): XxHash3 of all
/// twelve of its other columns. The ledger's hash chain covers an account's balance, version and
/// head, but no hash covers the ballots a replica votes with or the frozen flag; a byte changed
/// on disk there that SQLite still parses, such as a lowered promise, would let the replica
/// accept under a ballot below one it promised. A row that fails its checksum is read as
/// SQLITE_CORRUPT, so the file counts as damaged (ARCHITECTURE §5b).
/// </summary>
internal static class AccountRowChecksum
{
    /// <summary>
    /// The SQL function (<c>replica_account_row_sum</c>, the twelve columns in table order) that
    /// computes the checksum in a statement: the migration that adds <c>row_sum</c> fills it with
    /// this. Only connections this build opens have it; an operator's shell does not.
    /// </summary>
    public const string SqlFunction = "replica_account_row_sum";

    /// <summary>The checksum of <paramref name="state"/> as its row stores it.</summary>
    public static long Of(AccountState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Of(
            state.Account, state.Owner, state.BalanceCents, state.Version, state.Head,
            state.AcceptedBallot.Epoch, state.AcceptedBallot.Counter, state.AcceptedBallot.Member,
            state.PromisedBallot.Epoch, state.PromisedBallot.Counter, state.PromisedBallot.Member,
            state.Frozen ? 1 : 0);
    }

    /// <summary>The error a row that fails its checksum is read as: SQLITE_CORRUPT, like a damaged page.</summary>
    public static SqliteException Mismatch(string account) =>
        new($"the accounts row of {account} fails its checksum: it was changed on disk", 11);

    /// <summary>Defines <see cref="SqlFunction"/> on <paramref name="connection"/>.</summary>
    public static void Register(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.CreateFunction<string, string, long, long, string, long, long, long, long, long, long, long, long>(
            SqlFunction, Of, isDeterministic: true);
    }

    /// <summary>The checksum of a row's twelve columns as stored, in table order.</summary>
    public static long Of(
        string account, string owner, long balanceCents, long version, string head,
        long acceptedEpoch, long acceptedCounter, long acceptedMember,
        long promisedEpoch, long promisedCounter, long promisedMember, long frozen)
    {
        // The nine integers, then each text as HashInput writes it: no two different rows give
        // the same bytes.
        const int integers = 9 * sizeof(long);
        var size = integers + HashInput.SizeOf(account) + HashInput.SizeOf(owner) + HashInput.SizeOf(head);
        var bytes = size <= 1024 ? stackalloc byte[size] : new byte[size];
        var at = 0;
        foreach (var value in (ReadOnlySpan<long>)[
                     balanceCents, version, acceptedEpoch, acceptedCounter, acceptedMember,
                     promisedEpoch, promisedCounter, promisedMember, frozen])
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes[at..], value);
            at += sizeof(long);
        }

        var rest = HashInput.WriteText(bytes[at..], account);
        rest = HashInput.WriteText(rest, owner);
        HashInput.WriteText(rest, head);
        return unchecked((long)XxHash3.HashToUInt64(bytes));
    }
}
