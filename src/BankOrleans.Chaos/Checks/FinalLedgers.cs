using BankOrleans.Chaos.Cluster;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Chaos.Checks;

/// <summary>
/// Every master's final ledger of the funded accounts (IReplicaGrain.ReadEntries), and per account
/// the reference chain: the rows a majority of masters hold identically (null if no majority agrees).
/// </summary>
internal sealed class FinalLedgers
{
    private FinalLedgers(Dictionary<int, Dictionary<string, IReadOnlyList<LedgerEntry>>> byMaster, IReadOnlyList<string> accounts)
    {
        ByMaster = byMaster;
        Reference = accounts.ToDictionary(a => a, a => MajorityChain(byMaster, a));
    }

    /// <summary>Master index → account → rows (oldest first); a master that did not answer is absent.</summary>
    public Dictionary<int, Dictionary<string, IReadOnlyList<LedgerEntry>>> ByMaster { get; }

    public Dictionary<string, IReadOnlyList<LedgerEntry>?> Reference { get; }

    /// <summary>Ledgers already read (tests build them by hand).</summary>
    public static FinalLedgers From(Dictionary<int, Dictionary<string, IReadOnlyList<LedgerEntry>>> byMaster, IReadOnlyList<string> accounts) =>
        new(byMaster, accounts);

    public static async Task<FinalLedgers> CollectAsync(ChaosClient client, IReadOnlyList<string> accounts)
    {
        var byMaster = new Dictionary<int, Dictionary<string, IReadOnlyList<LedgerEntry>>>();
        for (var master = 1; master <= 3; master++)
        {
            try
            {
                var replica = client.Grains.GetGrain<IReplicaGrain>(master);
                var rows = new Dictionary<string, IReadOnlyList<LedgerEntry>>();
                foreach (var account in accounts)
                {
                    var all = new List<LedgerEntry>();
                    while (true)
                    {
                        var page = await replica.ReadEntries(account, all.Count == 0 ? 0 : all[^1].Version, 500).WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
                        all.AddRange(page);
                        if (page.Count < 500)
                        {
                            break;
                        }
                    }

                    rows[account] = all;
                }

                byMaster[master] = rows;
            }
            catch (Exception)
            {
                // A master that does not answer has no final ledger; the majority rules decide without it.
            }
        }

        return new FinalLedgers(byMaster, accounts);
    }

    private static IReadOnlyList<LedgerEntry>? MajorityChain(Dictionary<int, Dictionary<string, IReadOnlyList<LedgerEntry>>> byMaster, string account)
    {
        var chains = byMaster.Values.Select(m => m[account]).ToList();
        return chains
            .GroupBy(c => c.Count == 0 ? "" : c[^1].Hash + "@" + c.Count)
            .Where(g => g.Count() >= 2)
            .Select(g => g.First())
            .FirstOrDefault();
    }
}
