using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Chaos.Workload;

/// <summary>
/// The only place that knows how the chaos workload talks to the bank's grains (who the caller is,
/// which grain answers a reader query). Switching to sessions or to the reader's query grains is a
/// change of the one class implementing this, created in <see cref="BankWorkloadFactory"/>.
/// </summary>
internal interface IBankWorkload
{
    /// <summary>Opens and funds <paramref name="count"/> accounts (retrying with the same request ids); their numbers.</summary>
    Task<IReadOnlyList<string>> SetupAsync(int count, long fundingCents, CancellationToken cancellationToken);

    /// <summary>One transfer attempt with the given request id.</summary>
    Task<WriteResult> TransferAsync(string requestId, string from, string to, long amountCents);

    /// <summary>A balance read answered by the masters (linearizable majority read).</summary>
    Task<BalanceView> ReadFromMastersAsync(string account);

    /// <summary>A balance read answered by the reader silo from its read replica.</summary>
    Task<BalanceView> ReadFromReaderAsync(string account);
}
