using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Diagnostics;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Reconciliation;
using BankOrleans.Grains.Security;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Topology;
using Orleans.Concurrency;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Accounts;

/// <summary>
/// The write leader: one <see cref="OperationCoordinator"/> for every customer write. Reentrant,
/// because its writes wait on replicas, not on each other; the coordinator makes writes that
/// share an account take turns. Each activation has its own coordinator id and starts with no
/// prepared accounts; ballots keep a duplicate activation, or an account grain's majority read,
/// from ever deciding against it.
/// </summary>
[Reentrant]
[RequiredRole(SiloRoles.Master)]
public sealed class WriteLeaderGrain(
    CoordinatorFactory coordinators,
    IOptions<TransferOptions> transfers,
    ISessionValidator sessions,
    LaggardHints laggards,
    ILocalSiloDetails silo,
    TimeProvider time) : Grain, IWriteLeaderGrain
{
    private OperationCoordinator? _coordinator;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _coordinator = coordinators.ForLeader();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<WriteResult> Write(WriteCommand command, string session)
    {
        if (WriteCommandRules.Refusal(command, session, silo.Name) is { } refused)
        {
            return refused;
        }

        var check = await sessions.ValidateAsync(session);
        if (!check.IsValid)
        {
            return WriteResult.Failed(check.Error!, check.Message, command.RequestId, silo.Name);
        }

        // The actor is always the validated user: there is no operator path for money. The tx id
        // is the request id scoped to that user and kind, so another user's id never meets it.
        var op = new BankOperation(
            TransactionId.For(check.User, command.Kind, command.RequestId), command.Kind, command.Account, command.Counterparty, command.AmountCents, check.User,
            command.Kind == OperationKind.OpenAccount ? check.User : null, transfers.Value.AllowOtherCustomers, time.GetUtcNow());
        using var activity = BankTracing.Source.StartActivity($"bank.{command.Kind}");
        activity?.SetTag("bank.account", command.Account);
        activity?.SetTag("bank.request_id", command.RequestId);
        var started = BankMetrics.Start();
        var result = await _coordinator!.ExecuteAsync(op);
        laggards.ReportIfUnknown(op, result);
        var verdict = result.Verdict.ToString().ToLowerInvariant();
        BankMetrics.RecordOperation(command.Kind.ToString(), verdict, result.Outcome?.RejectionCode, BankMetrics.Elapsed(started));
        activity?.SetTag("bank.verdict", verdict);
        return CoordinatorAnswers.ToWriteResult(result, command.RequestId, silo.Name);
    }
}
