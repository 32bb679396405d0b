using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Accounts;
using BankOrleans.Grains.Messaging;
using BankOrleans.Grains.Reading;
using BankOrleans.Grains.Reconciliation;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Reading;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Hosting;

/// <summary>
/// Makes the <see cref="OperationCoordinator"/>s of a silo's grains, so they are all wired alike:
/// an id of the caller's name and a fresh GUID (two activations never share one), the silo's
/// protocol peers (<see cref="IProtocolTransport"/>), the timing of <see cref="ProtocolTimingOptions"/>,
/// the silo's clock and a jitter source per coordinator. Registered by
/// <see cref="BankGrainsHostingExtensions.AddBankGrains"/>.
/// </summary>
public sealed class CoordinatorFactory
{
    private readonly IGrainFactory _grains;
    private readonly IProtocolTransport _transport;
    private readonly ProtocolTimingOptions _timing;
    private readonly LeaderOptions _leader;
    private readonly LaggardHints _laggards;
    private readonly UnacknowledgedCommits _unacknowledged;
    private readonly TimeProvider _time;

    internal CoordinatorFactory(
        IGrainFactory grains, IProtocolTransport transport, IOptions<ProtocolTimingOptions> timing, IOptions<LeaderOptions> leader,
        LaggardHints laggards, UnacknowledgedCommits unacknowledged, TimeProvider time)
    {
        _grains = grains;
        _transport = transport;
        _timing = timing.Value;
        _leader = leader.Value;
        _laggards = laggards;
        _unacknowledged = unacknowledged;
        _time = time;
    }

    /// <summary>
    /// A coordinator for majority reads: a read commits nothing new, so nothing goes to the
    /// reader's feed.
    /// </summary>
    /// <param name="name">Says whose coordinator it is, e.g. the account number; the id adds a fresh GUID.</param>
    public OperationCoordinator ForReads(string name) => Create(name, _timing.ToCoordinatorOptions());

    /// <summary>
    /// A coordinator for writes: the rows of every operation it commits go to the read replica's
    /// feed and, until the reader acknowledges them, to this silo's <see cref="UnacknowledgedCommits"/>
    /// (feed rule); the accounts of a commit a master is left without go to anti-entropy
    /// (<see cref="LaggardHints"/>).
    /// </summary>
    /// <param name="name">Says whose coordinator it is, e.g. the user object's key; the id adds a fresh GUID.</param>
    public OperationCoordinator ForWrites(string name) => Writer(name, _timing.ToCoordinatorOptions());

    /// <summary>
    /// The write leader's coordinator: one for writes (<see cref="ForWrites"/>) that keeps
    /// <see cref="LeaderOptions.PreparedCapacity"/> accounts prepared, since it coordinates every
    /// customer write, and shares phase 1 among the writes that start together.
    /// </summary>
    public OperationCoordinator ForLeader()
    {
        var options = _timing.ToCoordinatorOptions();
        options.PreparedCapacity = _leader.PreparedCapacity;
        options.SharedRoundAccounts = _leader.SharedRoundAccounts;
        return Writer("leader", options);
    }

    /// <summary>
    /// A coordinator for repairs whose operations give up after <paramref name="deadline"/> at the
    /// latest (sooner if the configured operation deadline is shorter).
    /// </summary>
    /// <param name="name">Says whose coordinator it is; the id adds a fresh GUID.</param>
    /// <param name="deadline">The longest one operation may take.</param>
    public OperationCoordinator ForRepairs(string name, TimeSpan deadline)
    {
        var options = _timing.ToCoordinatorOptions();
        if (deadline < options.OperationDeadline)
        {
            options.OperationDeadline = deadline;
        }

        return Create(name, options);
    }

    /// <summary>
    /// A coordinator that reaches the peers through <paramref name="peers"/>, which is given the
    /// silo's own: a restarting master's catch-up, which serves its own replica locally.
    /// </summary>
    internal OperationCoordinator ForCatchUp(string name, Func<GrainProtocolPeers, IProtocolPeers> peers) =>
        Create(name, _timing.ToCoordinatorOptions(), peers(Peers()));

    // Feed rule: recorded before the operation is answered, so a reader that has heard from this
    // silo since holds it or fetches it.
    private OperationCoordinator Writer(string name, CoordinatorOptions options) =>
        Create(
            name,
            options,
            onCommitted: rows =>
            {
                _unacknowledged.Record(rows);
                ReadReplicaFeed.Send(_transport, rows);
            },
            onLaggardLeft: _laggards.Report);

    private OperationCoordinator Create(
        string name, CoordinatorOptions options, IProtocolPeers? peers = null,
        Action<IReadOnlyList<LedgerEntry>>? onCommitted = null, Action<IReadOnlyList<string>>? onLaggardLeft = null) =>
        new($"{name}/{Guid.NewGuid():N}", peers ?? Peers(), options, _time, new Random(), onCommitted, onLaggardLeft);

    private GrainProtocolPeers Peers() => new(_grains, _transport);
}
