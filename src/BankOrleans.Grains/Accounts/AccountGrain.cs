using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Security;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Topology;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace BankOrleans.Grains.Accounts;

/// <summary>
/// One account's majority reads, on any master, through its own <see cref="OperationCoordinator"/>
/// after a session check; the replicas' rules check ownership. Writes do not come here (they
/// enter at <see cref="AccountWritesGrain"/>). Safety against duplicate activations comes from
/// ballots, and each activation has its own coordinator id.
/// </summary>
/// <remarks>
/// An activation goes away once its reads are answered. A majority read runs its own vote and
/// prepare every time, so a kept activation would save the next read nothing but the owner check,
/// and a sweep of reads (a customer's account list, the bench reading back every balance) would
/// hold about 2 KB per account on one silo.
/// </remarks>
[RequiredRole(SiloRoles.Master)]
[PreferLocalPlacement]
public sealed class AccountGrain(
    CoordinatorFactory coordinators,
    IOptions<ProtocolTimingOptions> timing,
    ISessionValidator sessions,
    ILocalSiloDetails silo) : Grain, IAccountGrain
{
    // The account's owner once a majority read has shown it: ownership never changes after the open.
    private string? _owner;

    private OperationCoordinator? _coordinator;

    private string AccountNo => this.GetPrimaryKeyString();

    // Built on the first read, which is usually the activation's only one.
    private OperationCoordinator Reads => _coordinator ??= coordinators.ForReads(AccountNo);

    /// <inheritdoc />
    public async Task<BalanceView> ReadBalance(string session)
    {
        DeactivateOnIdle();
        if ((GatewayInput.Account(AccountNo) ?? GatewayInput.Session(session)) is { } problem)
        {
            return new BalanceView(false, ErrorCodes.BadInput, problem, ShownKey, 0, 0, silo.Name);
        }

        var check = await sessions.ValidateAsync(session);
        if (!check.IsValid)
        {
            return new BalanceView(false, check.Error, check.Message, AccountNo, 0, 0, silo.Name);
        }

        if (!await MayBeOwnedByAsync(check.User))
        {
            return new BalanceView(false, ErrorCodes.InvalidAccount, "invalid account", AccountNo, 0, 0, silo.Name);
        }

        var state = await Reads.ReadAsync(AccountNo);
        if (state is null)
        {
            return new BalanceView(false, ErrorCodes.Unavailable, "unavailable: no majority of masters answered", AccountNo, 0, 0, silo.Name);
        }

        if (state.Exists)
        {
            _owner = state.Owner;
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
        DeactivateOnIdle();
        if ((GatewayInput.Account(AccountNo) ?? GatewayInput.Limit(limit) ?? GatewayInput.Session(session)) is { } problem)
        {
            return Statement.Failed(ErrorCodes.BadInput, problem, ShownKey, silo.Name);
        }

        var check = await sessions.ValidateAsync(session);
        if (!check.IsValid)
        {
            return Statement.Failed(check.Error!, check.Message, AccountNo, silo.Name);
        }

        if (!await MayBeOwnedByAsync(check.User))
        {
            return Statement.Failed(ErrorCodes.InvalidAccount, "invalid account", AccountNo, silo.Name);
        }

        var state = await Reads.ReadAsync(AccountNo);
        if (state is null)
        {
            return Statement.Failed(ErrorCodes.Unavailable, "unavailable: no majority of masters answered", AccountNo, silo.Name);
        }

        if (state.Exists)
        {
            _owner = state.Owner;
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

    /// <summary>
    /// False when a replica shows that the account belongs to someone other than <paramref name="user"/>.
    /// A majority read takes a lease and a promise on the account, so without this check any
    /// customer could make the owner's writes prepare again, as often as they liked, by reading it.
    /// An account no replica has yet shown is left to the majority read, which decides. One
    /// replica's owner is only a hint (its open may never have been chosen), so only a majority
    /// read's owner is kept.
    /// </summary>
    private async Task<bool> MayBeOwnedByAsync(string user)
    {
        if (_owner is not null)
        {
            return _owner == user;
        }

        foreach (var replica in Enumerable.Range(1, 3))
        {
            try
            {
                if (await GrainFactory.GetGrain<IReplicaGrain>(replica).GetAccount(AccountNo).WaitAsync(timing.Value.CallTimeout) is { Exists: true } state)
                {
                    return state.Owner == user;
                }
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException)
            {
                // Ask the next replica; with none answering, the majority read decides.
            }
        }

        return true;
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

    // The key as an answer may echo it: a hostile key of any length is not sent back whole.
    private string ShownKey => GatewayInput.Shown(AccountNo);
}
