using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;
using Orleans.Concurrency;

namespace BankOrleans.Grains.Accounts;

/// <summary>
/// The entry of every customer write: checks the input and hands the write to the write leader
/// (<see cref="IWriteLeaderGrain"/>), which checks the session and runs it. A stateless worker,
/// one per silo and reentrant, because it keeps nothing between calls and only waits on the
/// leader: it is neither registered in the grain directory nor placed, and no account grain is
/// activated for a write.
/// </summary>
[StatelessWorker(1)]
[Reentrant]
public sealed class AccountWritesGrain(ILocalSiloDetails silo) : Grain, IAccountWritesGrain
{
    private bool? _isTheEntry;

    // The key compared as the runtime spells key 0, not parsed: a raw client may send "00", "0+x"
    // or a key that is no number at all, which parsing would accept or throw on.
    private bool IsTheEntry => _isTheEntry ??= this.GetGrainId().Key.Equals(GrainIdKeyExtensions.CreateIntegerKey(AccountWrites.Key));

    /// <inheritdoc />
    public Task<WriteResult> Open(string requestId, string account, long initialDepositCents, string session) =>
        ForwardAsync(new WriteCommand(requestId, OperationKind.OpenAccount, account, null, initialDepositCents), session);

    /// <inheritdoc />
    public Task<WriteResult> Deposit(string requestId, string account, long amountCents, string session) =>
        ForwardAsync(new WriteCommand(requestId, OperationKind.Deposit, account, null, amountCents), session);

    /// <inheritdoc />
    public Task<WriteResult> Withdraw(string requestId, string account, long amountCents, string session) =>
        ForwardAsync(new WriteCommand(requestId, OperationKind.Withdraw, account, null, amountCents), session);

    /// <inheritdoc />
    public Task<WriteResult> Transfer(string requestId, string from, string to, long amountCents, string session) =>
        ForwardAsync(new WriteCommand(requestId, OperationKind.Transfer, from, to, amountCents), session);

    // Bad input is refused here, before it costs a hop (the leader checks again: it is reachable too).
    private async Task<WriteResult> ForwardAsync(WriteCommand command, string session)
    {
        if (!IsTheEntry)
        {
            // A client may name any key; each would be an activation of its own, so none is kept.
            DeactivateOnIdle();
            return WriteResult.Failed(
                ErrorCodes.BadInput, $"the write entry's key is {AccountWrites.Key}", WriteCommandRules.ShownRequestId(command), silo.Name);
        }

        if (WriteCommandRules.Refusal(command, session, silo.Name) is { } refused)
        {
            return refused;
        }

        try
        {
            return await GrainFactory.GetGrain<IWriteLeaderGrain>(WriteLeader.Key).Write(command, session);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            // The leader may have sent the accept before its silo failed or the call timed out.
            return WriteResult.Failed(
                ErrorCodes.OutcomeUnknown, $"outcome unknown ({exception.GetType().Name} from the write leader); retry with the same request id",
                command.RequestId, silo.Name);
        }
    }
}
