using BankOrleans.Chaos.Cluster;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Chaos.Checks;

/// <summary>
/// Check 6, first half: after healing, the replicas agree within the limit. Uses
/// <c>./bank admin verify</c> when the client has it; otherwise compares IReplicaGrain.GetAccount
/// (version, head hash, balance) of every funded account on the three masters.
/// </summary>
internal sealed class ConvergenceProbe(ChaosCluster cluster, ChaosClient client, IReadOnlyList<string> accounts, ChaosLog log)
{
    public async Task<(bool Agreed, TimeSpan After, string How)> WaitAsync(TimeSpan limit)
    {
        var start = log.Now;
        bool? verifyExists = null;
        string last = "";
        while (log.Now - start < limit)
        {
            if (verifyExists != false)
            {
                var verify = await cluster.VerifyAsync().ConfigureAwait(false);
                if (verify.Ok)
                {
                    return (true, log.Now - start, "./bank admin verify");
                }

                verifyExists = !(verify.Output.Contains("Unrecognized", StringComparison.OrdinalIgnoreCase)
                    || verify.Output.Contains("unknown command", StringComparison.OrdinalIgnoreCase)
                    || verify.Output.Contains("Required command was not provided", StringComparison.OrdinalIgnoreCase));
                last = verify.Output.Trim().Split('\n').LastOrDefault() ?? "";
            }

            if (verifyExists == false)
            {
                var disagreement = await MastersDisagreeAsync().ConfigureAwait(false);
                if (disagreement is null)
                {
                    return (true, log.Now - start, "IReplicaGrain.GetAccount on master-1..3 (no admin verify yet)");
                }

                last = disagreement;
            }

            await Task.Delay(1000).ConfigureAwait(false);
        }

        return (false, log.Now - start, $"not agreed after {limit.TotalSeconds:0}s: {last}");
    }

    private async Task<string?> MastersDisagreeAsync()
    {
        foreach (var account in accounts)
        {
            var states = new List<AccountState?>();
            for (var master = 1; master <= 3; master++)
            {
                try
                {
                    states.Add(await client.Grains.GetGrain<IReplicaGrain>(master).GetAccount(account).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false));
                }
                catch (Exception exception)
                {
                    return $"master-{master} did not answer ({exception.GetType().Name})";
                }
            }

            var distinct = states.Select(s => s is null ? "none" : $"v{s.Version}/{s.BalanceCents}/{s.Head}").Distinct().ToList();
            if (distinct.Count > 1)
            {
                return $"{account}: " + string.Join(" | ", states.Select((s, i) => $"master-{i + 1} v{s?.Version}"));
            }
        }

        return null;
    }
}
