namespace BankOrleans.Contracts.Reconciliation;

/// <summary>What one anti-entropy pass did.</summary>
/// <param name="Ran">False when the pass was skipped because a lower-numbered master is active and runs it.</param>
/// <param name="AccountsCompared">Accounts compared.</param>
/// <param name="Repaired">Accounts whose masters were reconciled by majority.</param>
/// <param name="Frozen">Accounts frozen because no majority could decide them.</param>
/// <param name="Unfrozen">Accounts unfrozen after their masters agreed again.</param>
/// <param name="ReaderResynced">Accounts handed to the reader for a re-feed (which runs after the pass returns).</param>
/// <param name="Failed">Accounts a repair was attempted on and did not complete (suspects of the next passes).</param>
/// <param name="Suspects">
/// Accounts compared before the sweep: reported by a coordinator that left a master without
/// them, or whose repair failed in an earlier pass. Null from a silo that predates suspects.
/// </param>
[GenerateSerializer, Immutable]
public sealed record AntiEntropyReport(
    [property: Id(0)] bool Ran,
    [property: Id(1)] int AccountsCompared,
    [property: Id(2)] IReadOnlyList<string> Repaired,
    [property: Id(3)] IReadOnlyList<string> Frozen,
    [property: Id(4)] IReadOnlyList<string> Unfrozen,
    [property: Id(5)] IReadOnlyList<string> ReaderResynced,
    [property: Id(6)] IReadOnlyList<string> Failed,
    [property: Id(7)] IReadOnlyList<string> Suspects);
