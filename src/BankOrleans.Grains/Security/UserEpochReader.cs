using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Security;

/// <summary>
/// Reads a user's session epoch: the highest version of its user object among at least two of
/// the three master replicas. A committed logout is on a majority, so any two answers include it;
/// a logout accepted on a minority only ends sessions a little early, never late.
/// </summary>
public sealed class UserEpochReader(IGrainFactory grains, IOptions<ProtocolTimingOptions> timing)
{
    private const int Majority = 2;

    /// <summary>The user's epoch (0 if the user does not exist), or null if fewer than two replicas answered in time.</summary>
    public async Task<long?> ReadAsync(string user, CancellationToken cancellationToken = default)
    {
        var key = ObjectKeys.User(user);
        var calls = Enumerable.Range(1, 3).Select(n => AskAsync(n, key, cancellationToken)).ToList();
        var answers = new List<long>(3);
        while (calls.Count > 0)
        {
            var done = await Task.WhenAny(calls);
            calls.Remove(done);
            if (await done is { } version)
            {
                answers.Add(version);
            }

            // Two answers suffice for the majority; waiting for the third only tightens a conservative check.
            if (answers.Count >= Majority)
            {
                break;
            }
        }

        return answers.Count >= Majority ? answers.Max() : null;
    }

    private async Task<long?> AskAsync(int replica, string key, CancellationToken cancellationToken)
    {
        try
        {
            var state = await grains.GetGrain<IReplicaGrain>(replica).GetAccount(key)
                .WaitAsync(timing.Value.CallTimeout, cancellationToken);
            return state?.Version ?? 0;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
