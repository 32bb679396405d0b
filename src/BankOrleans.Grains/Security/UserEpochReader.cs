using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Messaging;
using BankOrleans.Grains.Placement;
using BankOrleans.Protocol.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Security;

/// <summary>
/// Reads a user's session epoch: the highest version of its user object among at least two of
/// the three master replicas. A committed logout is on a majority, so any two answers include it;
/// a logout accepted on a minority only may end sessions early, for as long as a check
/// compares with the highest answer (a session lease: one second).
/// </summary>
/// <remarks>
/// It asks two replicas, this silo's own first, and the third only when one of them fails: every
/// write checks a session, and a third answer would change nothing. A replica that failed in the
/// last <see cref="ProtocolTimingOptions.LeaseDuration"/> is asked last, so a dead master costs
/// one call timeout, not one per write. With <see cref="MessageBatchingOptions.Enabled"/>, the
/// checks that meet while a read to a replica is in flight leave together in its next
/// <see cref="IReplicaGrain.Versions"/> call: each still reads a state committed after it began.
/// Reads that waited longer than the call timeout to leave are dropped and counted as
/// <c>bank.messaging.dropped{channel="session-epoch-N"}</c>.
/// </remarks>
public sealed class UserEpochReader
{
    private const int Majority = 2;
    private readonly IOptions<ProtocolTimingOptions> _timing;
    private readonly TimeProvider _time;
    private readonly long[] _failedAt = new long[BankSiloNames.MasterIndexes.Count + 1];
    private readonly Dictionary<int, Func<string, Task<long>>> _ask = [];

    // This silo's own replica, asked first (the reader, which has none, starts at replica 1).
    private readonly int _local;

    /// <summary>Creates the reader, with one batch channel per master replica when batching is on.</summary>
    public UserEpochReader(IGrainFactory grains, IOptions<ProtocolTimingOptions> timing, IOptions<MessageBatchingOptions> batching, ILocalSiloDetails silo, TimeProvider time,
        ILogger<UserEpochReader> logger)
    {
        _timing = timing;
        _time = time;
        _local = BankSiloNames.TryMasterIndex(silo.Name, out var index) ? index : 1;
        foreach (var replica in BankSiloNames.MasterIndexes)
        {
            var grain = grains.GetGrain<IReplicaGrain>(replica);
            if (batching.Value.Enabled)
            {
                var channel = new BatchChannel<string, long>(
                    grain.Versions, Math.Min(batching.Value.MaxBatch, IReplicaGrain.MaxVersionKeys), timing.Value.CallTimeout, time,
                    new DroppedRequests($"session-epoch-{replica}", logger, time).Report);
                _ask[replica] = channel.SendAsync;
            }
            else
            {
                _ask[replica] = async key => (await grain.GetAccount(key))?.Version ?? 0;
            }
        }
    }

    /// <summary>The user's epoch (0 if the user does not exist) as two replicas answered it, or null if fewer than two answered in time.</summary>
    public async Task<UserEpoch?> ReadAsync(string user, CancellationToken cancellationToken = default)
    {
        var key = ObjectKeys.User(user);
        var order = Order();
        var calls = order.Take(Majority).Select(n => AskAsync(n, key, cancellationToken)).ToList();
        var next = Majority;
        var answers = new List<long>(Majority);
        while (calls.Count > 0 && answers.Count < Majority)
        {
            var done = await Task.WhenAny(calls);
            calls.Remove(done);
            if (await done is { } version)
            {
                answers.Add(version);
            }
            else if (next < order.Length)
            {
                calls.Add(AskAsync(order[next++], key, cancellationToken));
            }
        }

        return answers.Count >= Majority ? new UserEpoch(answers.Max(), answers.Min()) : null;
    }

    // This silo's replica first (no network hop), then the others; recently failed ones last.
    private int[] Order()
    {
        var count = BankSiloNames.MasterIndexes.Count;
        var healthySince = _time.GetUtcNow().UtcTicks - _timing.Value.LeaseDuration.Ticks;
        return BankSiloNames.MasterIndexes
            .OrderBy(r => Volatile.Read(ref _failedAt[r]) > healthySince)
            .ThenBy(r => (r - _local + count) % count)
            .ToArray();
    }

    private async Task<long?> AskAsync(int replica, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _ask[replica](key).WaitAsync(_timing.Value.CallTimeout, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref _failedAt[replica], _time.GetUtcNow().UtcTicks);
            return null;
        }
    }
}
