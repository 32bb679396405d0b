namespace BankOrleans.Contracts.Reconciliation;

/// <summary>What comparing one account across the three masters and the reader found.</summary>
public enum ComparisonVerdict
{
    /// <summary>All three masters hold the same intact state, unfrozen, and the reader holds it too.</summary>
    Agree = 1,

    /// <summary>The masters agree; the reader is behind or differs (it is re-fed from the masters).</summary>
    ReaderBehind = 2,

    /// <summary>
    /// A minority of masters is behind, holds a non-chosen top version, or contradicts its own
    /// ledger, and a majority of intact masters is reachable: repaired by majority (reconciliation).
    /// </summary>
    MinorityDiffers = 3,

    /// <summary>
    /// The reachable masters disagree in a way a majority cannot decide (a replica contradicts its
    /// own ledger, or two replicas disagree on history both hold as chosen) while a master is
    /// down: the account is frozen until the missing master returns.
    /// </summary>
    Undecidable = 4,

    /// <summary>The masters agree but the account is still frozen from an earlier pass: it is unfrozen.</summary>
    FrozenButAgreeing = 5,

    /// <summary>Fewer than two masters answered: nothing can be decided or repaired now.</summary>
    NotEnoughMasters = 6,
}
