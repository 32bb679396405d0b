using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Messaging;
using BankOrleans.Protocol.Reading;

namespace BankOrleans.Grains.Reading;

/// <summary>
/// How a coordinator forwards a committed operation to the read replica (ARCHITECTURE §3.4):
/// with the silo's next feed batch (or, with batching off, one one-way call), never awaited by
/// the write and never failing it.
/// </summary>
internal static class ReadReplicaFeed
{
    /// <summary>Sends <paramref name="rows"/> (one committed operation) to the reader.</summary>
    public static void Send(IProtocolTransport transport, IReadOnlyList<LedgerEntry> rows)
    {
        // Part of an operation (one leg of a transfer) is never fed: the heartbeat's mark brings it.
        if (rows.Count == 0 || !ReadReplicaRules.IsWholeOperation(rows))
        {
            return;
        }

        try
        {
            var committed = new CommittedRows(rows[0].TxId, rows);
            var sent = transport.FeedReaderAsync(committed);
            // Observed so that a reader that is down never surfaces as an unobserved task exception;
            // the reader fills what it missed when it catches up.
            _ = sent.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        catch (Exception)
        {
            // No reader silo at all: the masters serve reads, and the reader catches up when it starts.
        }
    }
}
