using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// Reads rows of the chosen history of an account from the masters for the reader. A row is
/// only taken when the chain it forms starts at the reader's own newest row and ends at a row
/// known committed (its hash, or its transaction id, is given by the caller), so a minority's
/// non-chosen top row can never reach the reader. Each master's answer is bounded by the call timeout.
/// </summary>
public sealed class ChosenHistory(IReaderPeers peers, TimeSpan callTimeout, TimeProvider time, Random random)
{
    /// <summary>
    /// The rows above <paramref name="afterVersion"/> up to <paramref name="upToVersion"/>, chained
    /// from <paramref name="afterHead"/>, whose last row satisfies <paramref name="lastIsCommitted"/>;
    /// null if no master could supply them.
    /// </summary>
    public async Task<IReadOnlyList<LedgerEntry>?> FetchAsync(
        string account, long afterVersion, string afterHead, long upToVersion, Func<LedgerEntry, bool> lastIsCommitted)
    {
        if (upToVersion <= afterVersion)
        {
            return [];
        }

        var count = upToVersion - afterVersion;
        if (count > int.MaxValue)
        {
            return null;
        }

        // Start at a random master so that catch-up load spreads.
        var first = random.Next(3);
        for (var i = 0; i < 3; i++)
        {
            var replica = (first + i) % 3 + 1;
            try
            {
                var rows = await peers.ReadEntriesAsync(replica, account, afterVersion, (int)count).WaitAsync(callTimeout, time);
                if (rows.Count == count && LedgerHash.IsValidChain(afterVersion, afterHead, rows) && lastIsCommitted(rows[^1]))
                {
                    return rows;
                }
            }
            catch (Exception exception) when (exception is not ArgumentException)
            {
                // A master that is down or slow: try the next one.
            }
        }

        return null;
    }
}
