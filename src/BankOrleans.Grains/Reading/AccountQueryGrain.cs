using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Grains.Accounts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Replication;
using BankOrleans.Grains.Security;
using BankOrleans.Topology;
using Microsoft.Extensions.Options;
using BankOrleans.Protocol.Reading;

namespace BankOrleans.Grains.Reading;

/// <summary>
/// Balance and history of one account from the read replica, on the reader silo. It never
/// answers from a copy that is still catching up or past its staleness bound, and never answers
/// "invalid account" for an account it merely does not hold yet: it answers "unavailable" so that
/// the caller falls back to a majority read on the masters. It checks sessions against the
/// reader's own copy of the users' epochs (<see cref="ReaderSessionValidator"/>), so it answers
/// with any number of masters down.
/// </summary>
[RequiredRole(SiloRoles.Reader)]
public sealed class AccountQueryGrain(
    ReadReplica replica,
    ReplicaReadiness readiness,
    IOptions<RecoveryOptions> recovery,
    ReaderSessionValidator sessions,
    ILocalSiloDetails silo,
    TimeProvider time) : Grain, IAccountQueryGrain
{
    private string AccountNo => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<BalanceView> Balance(long minVersion, string session)
    {
        var (state, error, message) = await ReadableStateAsync(minVersion, session);
        return state is null
            ? new BalanceView(false, error, message, GatewayInput.Shown(AccountNo), 0, 0, silo.Name)
            : new BalanceView(true, null, "ok", AccountNo, state.BalanceCents, state.Version, silo.Name);
    }

    /// <inheritdoc />
    public async Task<Statement> History(int limit, long minVersion, string session)
    {
        if (GatewayInput.Limit(limit) is { } problem)
        {
            return Statement.Failed(ErrorCodes.BadInput, problem, GatewayInput.Shown(AccountNo), silo.Name);
        }

        var (state, error, message) = await ReadableStateAsync(minVersion, session);
        if (state is null)
        {
            return Statement.Failed(error ?? ErrorCodes.Unavailable, message, GatewayInput.Shown(AccountNo), silo.Name);
        }

        // Rows up to the version read above: a commit between the two reads is left out, so the
        // statement ends at the version (and balance) it reports.
        var lines = replica.Store.History(AccountNo, limit + 64)
            .Where(r => r.Version <= state.Version)
            .Take(limit)
            .Select(StatementLines.From)
            .ToArray();
        return new Statement(true, null, "ok", AccountNo, state.BalanceCents, state.Version, lines, silo.Name);
    }

    private async Task<(AccountState? State, string? Error, string Message)> ReadableStateAsync(long minVersion, string session)
    {
        if ((GatewayInput.Account(AccountNo) ?? GatewayInput.MinVersion(minVersion) ?? GatewayInput.Session(session)) is { } problem)
        {
            return (null, ErrorCodes.BadInput, problem);
        }

        if (!readiness.IsReady)
        {
            return (null, ErrorCodes.Unavailable, readiness.Damage is null
                ? "the reader is catching up; ask the masters"
                : "the reader's file is damaged and is rebuilt at its next start; ask the masters");
        }

        // Read-your-writes: wait a short bounded time for a version the client has already seen.
        if (minVersion > 0 && replica.VersionOf(AccountNo) < minVersion
            && !await replica.WaitForVersionAsync(AccountNo, minVersion, recovery.Value.ReadYourWritesWait, time))
        {
            return (null, ErrorCodes.Unavailable, $"the reader has not reached version {minVersion} yet; ask the masters");
        }

        var state = replica.Store.GetAccount(AccountNo);
        if (state is not { Exists: true })
        {
            return (null, ErrorCodes.Unavailable, "the reader does not hold this account (yet); ask the masters");
        }

        return await ReaderAuthorization.DenyAsync(sessions, session, state) is { } denied
            ? (null, denied.Error, denied.Message)
            : (state, null, "ok");
    }
}
