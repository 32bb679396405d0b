using System.Threading.Channels;
using BankOrleans.Protocol.Replica;
using BankOrleans.Storage;

namespace BankOrleans.Grains.Replication;

/// <summary>
/// Group commit for this silo's replica: rule applications queue here, and one dedicated thread
/// runs everything queued in a single SQLite transaction (one fsync for the batch), then answers
/// each caller. Keeps synchronous SQLite I/O off the Orleans scheduler threads, and no answer
/// leaves before its write is durable.
/// </summary>
public sealed class ReplicaWriter : IDisposable
{
    /// <summary>Most rule applications committed together.</summary>
    public const int MaxBatch = 512;

    private readonly Func<SqliteReplicaStore> _store;
    private readonly Action<string>? _onDamage;
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _thread;

    /// <summary>Starts the writer thread over the store that <paramref name="store"/> returns (opened on first use).</summary>
    /// <param name="store">Opens (once) and returns the store.</param>
    /// <param name="onDamage">Told when SQLite reports the file corrupt: a page damaged while running is never voted on.</param>
    public ReplicaWriter(Func<SqliteReplicaStore> store, Action<string>? onDamage = null)
    {
        _store = store;
        _onDamage = onDamage;
        _thread = new Thread(Run) { IsBackground = true, Name = "replica-writer" };
        _thread.Start();
    }

    /// <summary>Applies <paramref name="rule"/> in the next batch; completes once that batch is durable.</summary>
    public Task<T> SubmitAsync<T>(Func<IReplicaState, T> rule)
    {
        var work = new Work(s => rule(s), new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(work))
        {
            throw new ObjectDisposedException(nameof(ReplicaWriter));
        }

        return Complete<T>(work.Done.Task);
    }

    private static async Task<T> Complete<T>(Task<object?> done) => (T)(await done)!;

    private void Run()
    {
        var reader = _queue.Reader;
        var batch = new List<Work>(MaxBatch);
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var work))
            {
                batch.Add(work);
            }

            try
            {
                var results = _store().TransactEach(batch.Select(w => w.Rule).ToArray());
                for (var i = 0; i < batch.Count; i++)
                {
                    if (results[i].Error is { } error)
                    {
                        ReportDamage(error);
                        batch[i].Done.TrySetException(error);
                    }
                    else
                    {
                        batch[i].Done.TrySetResult(results[i].Result);
                    }
                }
            }
            catch (Exception error)
            {
                // The batch did not commit: nobody in it may be told "done".
                ReportDamage(error);
                foreach (var work in batch)
                {
                    work.Done.TrySetException(error);
                }
            }
        }
    }

    private void ReportDamage(Exception error)
    {
        if (error is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 11 or 26 } corrupt)
        {
            _onDamage?.Invoke(corrupt.Message);
        }
    }

    /// <summary>Stops accepting work; queued work still commits before the thread ends.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(10));
    }

    private sealed record Work(Func<IReplicaState, object?> Rule, TaskCompletionSource<object?> Done);
}
