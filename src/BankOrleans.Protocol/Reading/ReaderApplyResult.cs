namespace BankOrleans.Protocol.Reading;

/// <summary>
/// What <see cref="ReadReplicaRules.Apply"/> did with a batch of committed rows: applied every new
/// row (when there is no gap and no conflict), or nothing.
/// </summary>
/// <param name="Applied">Rows appended (0 when the batch was refused or held nothing new).</param>
/// <param name="Gaps">Accounts whose new rows do not follow the reader's newest row.</param>
/// <param name="Conflicts">Accounts where a committed row contradicts a row the reader holds (the reader's copy is damaged).</param>
public sealed record ReaderApplyResult(int Applied, IReadOnlyList<ReaderGap> Gaps, IReadOnlyList<string> Conflicts)
{
    /// <summary>Whether the batch was applied (or held nothing new).</summary>
    public bool Complete => Gaps.Count == 0 && Conflicts.Count == 0;
}
