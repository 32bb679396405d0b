using BankOrleans.Contracts.Replication;

namespace BankOrleans.Contracts.Accounts;

/// <summary>
/// How an account grain hands a customer write to the write leader (<see cref="IWriteLeaderGrain"/>).
/// Silos only: the write leader refuses a client's call (ARCHITECTURE §5a); clients write through
/// <see cref="IAccountGrain"/>, which checks the input and forwards here; the leader checks the session.
/// </summary>
public static class WriteLeader
{
    /// <summary>The leader's grain key: there is one.</summary>
    public const long Key = 0;

    /// <summary>Opens account <paramref name="account"/> for the session's user (use <see cref="AccountOpening"/>, which picks the number).</summary>
    public static Task<WriteResult> OpenAsync(IGrainFactory grains, string requestId, string account, string session) =>
        Of(grains).Write(new WriteCommand(requestId, OperationKind.OpenAccount, account, null, 0), session);

    /// <summary>Pays <paramref name="amountCents"/> into <paramref name="account"/> (the caller's).</summary>
    public static Task<WriteResult> DepositAsync(IGrainFactory grains, string requestId, string account, long amountCents, string session) =>
        Of(grains).Write(new WriteCommand(requestId, OperationKind.Deposit, account, null, amountCents), session);

    /// <summary>Pays <paramref name="amountCents"/> out of <paramref name="account"/> (the caller's) if the balance covers it.</summary>
    public static Task<WriteResult> WithdrawAsync(IGrainFactory grains, string requestId, string account, long amountCents, string session) =>
        Of(grains).Write(new WriteCommand(requestId, OperationKind.Withdraw, account, null, amountCents), session);

    /// <summary>Moves <paramref name="amountCents"/> from <paramref name="from"/> (the caller's) to <paramref name="to"/>, both legs atomically.</summary>
    public static Task<WriteResult> TransferAsync(IGrainFactory grains, string requestId, string from, string to, long amountCents, string session) =>
        Of(grains).Write(new WriteCommand(requestId, OperationKind.Transfer, from, to, amountCents), session);

    private static IWriteLeaderGrain Of(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IWriteLeaderGrain>(Key);
    }
}
