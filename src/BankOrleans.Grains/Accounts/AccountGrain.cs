using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Diagnostics;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Messaging;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Reading;
using BankOrleans.Grains.Security;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Accounts;

/// <summary>
/// Coordinator of one account, on any master: validates the caller's session and the request,
/// turns it into a <see cref="BankOperation"/> for the session's user and runs it through
/// <see cref="OperationCoordinator"/>. The replicas' rules check ownership (the operation's actor is
/// always the validated user). The grain is not reentrant, so its operations never overlap;
/// safety against duplicate activations comes from ballots, and each activation has its own
/// coordinator id.
/// </summary>
[RequiredRole(SiloRoles.Master)]
public sealed class AccountGrain(
    IOptions<ProtocolTimingOptions> timing,
    IOptions<TransferOptions> transfers,
    ISessionValidator sessions,
    ILocalSiloDetails silo,
    TimeProvider time) : Grain, IAccountGrain
{
    private OperationCoordinator? _coordinator;

    private string AccountNo => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var peers = GrainProtocolPeers.For(GrainFactory, ServiceProvider);
        var transport = ServiceProvider.GetRequiredService<IProtocolTransport>();
        _coordinator = new OperationCoordinator(
            $"{AccountNo}/{Guid.NewGuid():N}", peers, timing.Value.ToCoordinatorOptions(), time, new Random(),
            rows => ReadReplicaFeed.Send(transport, rows));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<WriteResult> Open(string requestId, string session) =>
        RunAsync(requestId, OperationKind.OpenAccount, null, 0, session, checkAmount: false);

    /// <inheritdoc />
    public Task<WriteResult> Deposit(string requestId, long amountCents, string session) =>
        RunAsync(requestId, OperationKind.Deposit, null, amountCents, session);

    /// <inheritdoc />
    public Task<WriteResult> Withdraw(string requestId, long amountCents, string session) =>
        RunAsync(requestId, OperationKind.Withdraw, null, amountCents, session);

    /// <inheritdoc />
    public Task<WriteResult> Transfer(string requestId, string to, long amountCents, string session)
    {
        if (!AccountNumber.IsValid(to))
        {
            return Task.FromResult(WriteResult.Failed(ErrorCodes.BadInput, $"destination '{to}' is not an account number (10 digits)", requestId, silo.Name));
        }

        if (to == AccountNo)
        {
            return Task.FromResult(WriteResult.Failed(ErrorCodes.BadInput, "source and destination are the same account", requestId, silo.Name));
        }

        return RunAsync(requestId, OperationKind.Transfer, to, amountCents, session);
    }

    /// <inheritdoc />
    public async Task<BalanceView> ReadBalance(string session)
    {
        if (!AccountNumber.IsValid(AccountNo))
        {
            return new BalanceView(false, ErrorCodes.BadInput, $"'{AccountNo}' is not an account number (10 digits)", AccountNo, 0, 0, silo.Name);
        }

        var check = await sessions.ValidateAsync(session);
        if (!check.IsValid)
        {
            return new BalanceView(false, check.Error, check.Message, AccountNo, 0, 0, silo.Name);
        }

        var state = await _coordinator!.ReadAsync(AccountNo);
        if (state is null)
        {
            return new BalanceView(false, ErrorCodes.Unavailable, "unavailable: no majority of masters answered", AccountNo, 0, 0, silo.Name);
        }

        // An account that does not exist and one that is not yours look the same.
        if (!state.Exists || state.Owner != check.User)
        {
            return new BalanceView(false, ErrorCodes.InvalidAccount, "invalid account", AccountNo, 0, 0, silo.Name);
        }

        return new BalanceView(true, null, "ok", AccountNo, state.BalanceCents, state.Version, silo.Name);
    }

    /// <inheritdoc />
    public async Task<Statement> ReadHistory(string session, int limit)
    {
        if (!AccountNumber.IsValid(AccountNo))
        {
            return Statement.Failed(ErrorCodes.BadInput, $"'{AccountNo}' is not an account number (10 digits)", AccountNo, silo.Name);
        }

        if (limit < 1 || limit > Statement.MaxLimit)
        {
            return Statement.Failed(ErrorCodes.BadInput, $"limit must be between 1 and {Statement.MaxLimit}", AccountNo, silo.Name);
        }

        var check = await sessions.ValidateAsync(session);
        if (!check.IsValid)
        {
            return Statement.Failed(check.Error!, check.Message, AccountNo, silo.Name);
        }

        var state = await _coordinator!.ReadAsync(AccountNo);
        if (state is null)
        {
            return Statement.Failed(ErrorCodes.Unavailable, "unavailable: no majority of masters answered", AccountNo, silo.Name);
        }

        if (!state.Exists || state.Owner != check.User)
        {
            return Statement.Failed(ErrorCodes.InvalidAccount, "invalid account", AccountNo, silo.Name);
        }

        // The chosen state is on a majority; read its newest rows from any replica whose rows chain to its head.
        var from = Math.Max(0, state.Version - limit);
        foreach (var replica in Enumerable.Range(1, 3))
        {
            IReadOnlyList<LedgerEntry> rows;
            try
            {
                rows = await GrainFactory.GetGrain<IReplicaGrain>(replica).ReadEntries(AccountNo, from, limit)
                    .WaitAsync(timing.Value.CallTimeout);
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException)
            {
                continue;
            }

            if (EndsAtHead(rows, from, state))
            {
                var lines = rows.Reverse().Select(StatementLines.From).ToArray();
                return new Statement(true, null, "ok", AccountNo, state.BalanceCents, state.Version, lines, silo.Name);
            }
        }

        return Statement.Failed(ErrorCodes.Unavailable, "unavailable: no replica answered the account's chosen history", AccountNo, silo.Name);
    }

    private static bool EndsAtHead(IReadOnlyList<LedgerEntry> rows, long from, AccountState state)
    {
        if (rows.Count != state.Version - from || rows.Count == 0 || rows[^1].Hash != state.Head)
        {
            return false;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Version != from + i + 1 || LedgerHash.Compute(rows[i]) != rows[i].Hash
                || (i > 0 && rows[i].PrevHash != rows[i - 1].Hash))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<WriteResult> RunAsync(
        string requestId, OperationKind kind, string? counterparty, long amountCents, string session, bool checkAmount = true)
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

        var check = await sessions.ValidateAsync(session);
        if (!check.IsValid)
        {
            return WriteResult.Failed(check.Error!, check.Message, requestId, silo.Name);
        }

        // The actor is always the validated user: there is no operator path for money.
        var op = new BankOperation(
            requestId, kind, AccountNo, counterparty, amountCents, check.User,
            kind == OperationKind.OpenAccount ? check.User : null, transfers.Value.AllowOtherCustomers, time.GetUtcNow());
        using var activity = BankTracing.Source.StartActivity($"bank.{kind}");
        activity?.SetTag("bank.account", AccountNo);
        activity?.SetTag("bank.request_id", requestId);
        var started = BankMetrics.Start();
        var result = await _coordinator!.ExecuteAsync(op);
        var verdict = result.Verdict.ToString().ToLowerInvariant();
        BankMetrics.RecordOperation(kind.ToString(), verdict, result.Outcome?.RejectionCode, BankMetrics.Elapsed(started));
        activity?.SetTag("bank.verdict", verdict);
        return CoordinatorAnswers.ToWriteResult(result, requestId, silo.Name);
    }
}
