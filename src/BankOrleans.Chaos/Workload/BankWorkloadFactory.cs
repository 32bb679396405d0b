using BankOrleans.Chaos.Cluster;

namespace BankOrleans.Chaos.Workload;

/// <summary>Chooses the <see cref="IBankWorkload"/> the runs use.</summary>
internal static class BankWorkloadFactory
{
    public static IBankWorkload Create(ChaosClient masters, ChaosClient reader, int seed) =>
        new SessionBankWorkload(masters, reader, seed);
}
