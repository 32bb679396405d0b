using Orleans.Concurrency;

namespace BankOrleans.Bench.Baseline;

/// <summary>The baseline's stateless transfer coordinator, as in the Orleans transaction samples.</summary>
[StatelessWorker]
public sealed class BaselineTransferGrain : Grain, IBaselineTransferGrain
{
    /// <inheritdoc />
    public async Task<bool> Transfer(string from, string to, long amountCents)
    {
        if (!await GrainFactory.GetGrain<IBaselineAccountGrain>(from).TryWithdraw(amountCents))
        {
            return false;
        }

        await GrainFactory.GetGrain<IBaselineAccountGrain>(to).Deposit(amountCents);
        return true;
    }
}
