using Orleans.Concurrency;

namespace BankOrleans.Bench.Baseline;

/// <summary>The baseline's stateless transfer coordinator, as in the Orleans transaction samples.</summary>
[StatelessWorker]
public sealed class BaselineTransferGrain : Grain, IBaselineTransferGrain
{
    /// <inheritdoc />
    public async Task Transfer(string from, string to, long amountCents)
    {
        // Both legs at once, as the samples' ATM runs them; a refused withdrawal must then abort
        // the transaction, or the deposit would commit on its own.
        var withdrawn = GrainFactory.GetGrain<IBaselineAccountGrain>(from).TryWithdraw(amountCents);
        var deposited = GrainFactory.GetGrain<IBaselineAccountGrain>(to).Deposit(amountCents);
        await Task.WhenAll(withdrawn, deposited);
        if (!await withdrawn)
        {
            throw new InsufficientFundsException(from);
        }
    }
}
