using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Diagnostics;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Protocol.Coordination;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Accounts;

/// <summary>
/// Coordinator of one account, on any master: validates a request, turns it into a
/// <see cref="BankOperation"/> and runs it through <see cref="OperationCoordinator"/>.
/// The grain is not reentrant, so its operations never overlap; safety against duplicate
/// activations comes from ballots, and each activation has its own coordinator id.
/// </summary>
[RequiredRole(SiloRoles.Master)]
public sealed class AccountGrain(
    IOptions<ProtocolTimingOptions> timing,
    IOptions<TransferOptions> transfers,
    ILocalSiloDetails silo,
    TimeProvider time) : Grain, IAccountGrain
{
    private OperationCoordinator? _coordinator;

    private string AccountNo => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var peers = new GrainProtocolPeers(GrainFactory);
        _coordinator = new OperationCoordinator(
            $"{AccountNo}/{Guid.NewGuid():N}", peers, timing.Value.ToCoordinatorOptions(), time, new Random());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<WriteResult> Open(string requestId, string owner, string? actor) =>
        RunAsync(requestId, OperationKind.OpenAccount, null, 0, actor, owner, checkAmount: false);

    /// <inheritdoc />
    public Task<WriteResult> Deposit(string requestId, long amountCents, string? actor) =>
        RunAsync(requestId, OperationKind.Deposit, null, amountCents, actor, null);

    /// <inheritdoc />
    public Task<WriteResult> Withdraw(string requestId, long amountCents, string? actor) =>
        RunAsync(requestId, OperationKind.Withdraw, null, amountCents, actor, null);

    /// <inheritdoc />
    public Task<WriteResult> Transfer(string requestId, string to, long amountCents, string? actor)
    {
        if (!AccountNumber.IsValid(to))
        {
            return Task.FromResult(WriteResult.Failed(ErrorCodes.BadInput, $"destination '{to}' is not an account number (10 digits)", requestId, silo.Name));
        }

        if (to == AccountNo)
        {
            return Task.FromResult(WriteResult.Failed(ErrorCodes.BadInput, "source and destination are the same account", requestId, silo.Name));
        }

        return RunAsync(requestId, OperationKind.Transfer, to, amountCents, actor, null);
    }

    /// <inheritdoc />
    public async Task<BalanceView> ReadBalance(string? actor)
    {
        if (!AccountNumber.IsValid(AccountNo))
        {
            return new BalanceView(false, ErrorCodes.BadInput, $"'{AccountNo}' is not an account number (10 digits)", AccountNo, 0, 0, silo.Name);
        }

        var state = await _coordinator!.ReadAsync(AccountNo);
        if (state is null)
        {
            return new BalanceView(false, ErrorCodes.Unavailable, "unavailable: no majority of masters answered", AccountNo, 0, 0, silo.Name);
        }

        // An account that does not exist and one that is not yours look the same.
        if (!state.Exists || (actor is not null && state.Owner != actor))
        {
            return new BalanceView(false, ErrorCodes.InvalidAccount, "invalid account", AccountNo, 0, 0, silo.Name);
        }

        return new BalanceView(true, null, "ok", AccountNo, state.BalanceCents, state.Version, silo.Name);
    }

    private async Task<WriteResult> RunAsync(
        string requestId, OperationKind kind, string? counterparty, long amountCents, string? actor, string? owner, bool checkAmount = true)
    {
        if (!RequestId.IsValid(requestId))
        {
            return WriteResult.Failed(ErrorCodes.BadInput, "request id must be 1-64 letters, digits or -_.:", requestId ?? "", silo.Name);
        }

        if (!AccountNumber.IsValid(AccountNo))
        {
            return WriteResult.Failed(ErrorCodes.BadInput, $"'{AccountNo}' is not an account number (10 digits)", requestId, silo.Name);
        }

        if (checkAmount && (amountCents <= 0 || amountCents > Money.MaxPerOperation.Cents))
        {
            return WriteResult.Failed(ErrorCodes.BadInput, $"amount must be between 0.01 and {Money.MaxPerOperation}", requestId, silo.Name);
        }

        var op = new BankOperation(
            requestId, kind, AccountNo, counterparty, amountCents, actor, owner, transfers.Value.AllowOtherCustomers, time.GetUtcNow());
        using var activity = BankTracing.Source.StartActivity($"bank.{kind}");
        activity?.SetTag("bank.account", AccountNo);
        activity?.SetTag("bank.request_id", requestId);
        var started = BankMetrics.Start();
        var result = await _coordinator!.ExecuteAsync(op);
        var verdict = result.Verdict.ToString().ToLowerInvariant();
        BankMetrics.RecordOperation(kind.ToString(), verdict, result.Outcome?.RejectionCode, BankMetrics.Elapsed(started));
        activity?.SetTag("bank.verdict", verdict);
        return result.Verdict switch
        {
            CoordinatorVerdict.Committed => new WriteResult(true, null, "ok", requestId, result.Outcome!.Accounts, silo.Name),
            CoordinatorVerdict.Rejected => WriteResult.Failed(
                result.Outcome?.RejectionCode ?? ErrorCodes.InvalidAccount, Describe(result.Outcome?.RejectionCode), requestId, silo.Name),
            CoordinatorVerdict.Unavailable => WriteResult.Failed(ErrorCodes.Unavailable, result.Message, requestId, silo.Name),
            _ => WriteResult.Failed(ErrorCodes.OutcomeUnknown, result.Message, requestId, silo.Name),
        };
    }

    private static string Describe(string? code) => code switch
    {
        ErrorCodes.InsufficientFunds => "insufficient funds",
        ErrorCodes.BalanceLimit => "the destination balance would exceed what an account can hold",
        _ => "invalid account",
    };
}
