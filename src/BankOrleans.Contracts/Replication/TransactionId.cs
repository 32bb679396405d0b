using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Contracts.Replication;

/// <summary>
/// Transaction ids: the id a write is applied at most once under, and the <c>tx_id</c> of its
/// ledger rows. A client's request id is scoped to the acting user and the kind of write —
/// <c>&lt;user&gt;/&lt;kind&gt;/&lt;request id&gt;</c> — so that two users' ids never meet: a replica
/// answers a stored outcome only to the very user and kind that wrote it (ARCHITECTURE §5a).
/// </summary>
/// <remarks>
/// Neither usernames, kind names nor request ids contain '/', so a scoped id names its parts
/// unambiguously, and no request id a client can send equals a scoped id. Ledgers written before
/// ids were scoped hold the raw request id: those rows keep verifying, chaining and showing in
/// history, but a new write never matches them (<see cref="RequestIdOf"/> reads both).
/// </remarks>
public static class TransactionId
{
    private const char Separator = '/';
    private const string VoidPrefix = "void:";

    /// <summary>The longest id <see cref="For"/> makes: user, the longest kind name, request id and two separators.</summary>
    public const int MaxLength = UserName.MaxLength + 8 + RequestId.MaxLength + 2;

    /// <summary>The transaction id of <paramref name="requestId"/> sent by <paramref name="user"/> for a write of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">The user or request id is not valid, or the kind is not a write.</exception>
    public static string For(string user, OperationKind kind, string requestId)
    {
        if (!UserName.IsValid(user))
        {
            throw new ArgumentException("not a valid username", nameof(user));
        }

        if (!RequestId.IsValid(requestId))
        {
            throw new ArgumentException("not a valid request id", nameof(requestId));
        }

        return string.Join(Separator, user, KindName(kind), requestId);
    }

    /// <summary>
    /// The client's request id inside <paramref name="txId"/>: what a statement shows, so that it
    /// never names another user (a transfer-in row carries the sender's id). Ids that are not
    /// scoped (rows written before scoping, setup operations) are returned as they are; a void
    /// row's <c>void:&lt;tx id&gt;@&lt;version&gt;</c> keeps its prefix and suffix around the request id.
    /// </summary>
    public static string RequestIdOf(string txId)
    {
        ArgumentNullException.ThrowIfNull(txId);
        if (txId.StartsWith(VoidPrefix, StringComparison.Ordinal))
        {
            return VoidPrefix + RequestIdOf(txId[VoidPrefix.Length..]);
        }

        var parts = txId.Split(Separator);
        return parts.Length == 3 && UserName.IsValid(parts[0]) && Enum.GetValues<OperationKind>().Any(k => KindName(k) == parts[1])
            ? parts[2]
            : txId;
    }

    private static string KindName(OperationKind kind) => kind switch
    {
        OperationKind.OpenAccount => "open",
        OperationKind.Deposit => "deposit",
        OperationKind.Withdraw => "withdraw",
        OperationKind.Transfer => "transfer",
        OperationKind.RegisterUser => "register",
        OperationKind.Logout => "logout",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a write"),
    };
}
