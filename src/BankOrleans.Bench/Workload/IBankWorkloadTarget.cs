namespace BankOrleans.Bench.Workload;

/// <summary>
/// A system the benchmark drives: the bank (operator path today, sessions later), the Orleans
/// Transactions peer, or the single-node SQLite ceiling. Everything a worker does goes through
/// here, so changing how the bank is called (e.g. a session per worker) touches one class.
/// Methods never throw for an operation's failure; they answer an <see cref="OperationOutcome"/>.
/// </summary>
public interface IBankWorkloadTarget : IAsyncDisposable
{
    /// <summary>A short name for reports, e.g. <c>bank</c>, <c>orleans-tx-sqlite</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Whether re-sending a write with the same request id applies it at most once (then the
    /// benchmark resolves outcome-unknown deposits and withdrawals by re-sending them).
    /// </summary>
    bool RetriesAreIdempotent { get; }

    /// <summary>Called once before anything else with the number of workers (e.g. to log in one user per worker).</summary>
    Task PrepareAsync(int workers, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the benchmark's account number <paramref name="index"/> and pays
    /// <paramref name="fundCents"/> into it; answers the account's identifier in this system.
    /// Safe to call again for the same index after a failure.
    /// </summary>
    Task<(WriteOutcome Outcome, string Account)> OpenAndFundAsync(int index, long fundCents, CancellationToken cancellationToken);

    /// <summary>Moves <paramref name="amountCents"/> from <paramref name="from"/> to <paramref name="to"/>, both legs or neither.</summary>
    Task<WriteOutcome> TransferAsync(int worker, string requestId, string from, string to, long amountCents);

    /// <summary>Pays <paramref name="amountCents"/> into <paramref name="account"/>.</summary>
    Task<WriteOutcome> DepositAsync(int worker, string requestId, string account, long amountCents);

    /// <summary>Takes <paramref name="amountCents"/> out of <paramref name="account"/> if its balance covers it.</summary>
    Task<WriteOutcome> WithdrawAsync(int worker, string requestId, string account, long amountCents);

    /// <summary>Reads <paramref name="account"/>'s balance (the strongest read the system offers).</summary>
    Task<BalanceReading> BalanceAsync(int worker, string account);
}
