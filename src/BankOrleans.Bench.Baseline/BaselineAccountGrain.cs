using Orleans.Placement;
using Orleans.Transactions.Abstractions;

namespace BankOrleans.Bench.Baseline;

/// <summary>
/// An account of the baseline peer. Hash-based placement keeps each account on one silo, so
/// that its state always lives in that silo's own storage file.
/// </summary>
[HashBasedPlacement]
public sealed class BaselineAccountGrain(
    [TransactionalState("balance", BaselineStorage.Name)] ITransactionalState<AccountBalanceState> balance)
    : Grain, IBaselineAccountGrain
{
    /// <inheritdoc />
    public Task Deposit(long amountCents) =>
        balance.PerformUpdate(state => state.BalanceCents = checked(state.BalanceCents + amountCents));

    /// <inheritdoc />
    public Task<bool> TryWithdraw(long amountCents) =>
        balance.PerformUpdate(state =>
        {
            if (state.BalanceCents < amountCents)
            {
                return false;
            }

            state.BalanceCents -= amountCents;
            return true;
        });

    /// <inheritdoc />
    public Task<long> GetBalance() => balance.PerformRead(state => state.BalanceCents);
}
