using Orleans.Concurrency;

namespace BankOrleans.Contracts.Reconciliation;

/// <summary>
/// The anti-entropy pass (ARCHITECTURE §3.5), one grain per master (key N on master-N). Each
/// master's silo asks its grain for a pass on a schedule; only the lowest-numbered active
/// master's pass does the work, so the pass has no single point of failure and does not run
/// three times over.
/// </summary>
public interface IAntiEntropyGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Runs one pass now: compares (version, balance, head, integrity) of every account across the
    /// masters and the reader, repairs a minority from the majority, re-feeds the reader, freezes
    /// what cannot be decided and unfreezes what agrees again.
    /// </summary>
    /// <param name="force">Run even if a lower-numbered master is active.</param>
    Task<AntiEntropyReport> RunPass(bool force);

    /// <summary>
    /// Accounts a master may lack (a coordinator's laggard repair failed, or an outcome stayed
    /// unknown): the next pass compares them before its sweep. Interleaves with a running pass,
    /// which takes its suspects when it starts; beyond a bound, hints are dropped and the sweep
    /// finds the accounts.
    /// </summary>
    [AlwaysInterleave]
    Task Suspect(IReadOnlyList<string> accounts);
}
