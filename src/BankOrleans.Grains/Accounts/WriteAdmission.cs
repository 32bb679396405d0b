using BankOrleans.Grains.Diagnostics;

namespace BankOrleans.Grains.Accounts;

/// <summary>
/// Bounds how many writes the write leader runs at once (<c>Bank:Leader:MaxWritesInFlight</c>);
/// the others wait their turn, in arrival order, before anything is done for them.
/// </summary>
/// <remarks>
/// Every write in flight holds its session check, coordinator state, batched requests and
/// replies. Past a few hundred of them the leader gains no throughput, and the ones it holds live
/// long enough to be promoted by the garbage collector and collected in its costly generations;
/// a waiting write holds only its request.
/// </remarks>
internal sealed class WriteAdmission
{
    private readonly SemaphoreSlim? _gate;

    /// <summary>Admits <paramref name="maxInFlight"/> writes at once; 0 admits every write at once.</summary>
    public WriteAdmission(int maxInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxInFlight);
        _gate = maxInFlight > 0 ? new SemaphoreSlim(maxInFlight, maxInFlight) : null;
    }

    /// <summary>Runs <paramref name="write"/> once fewer than the bound of writes are running.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (_gate is null)
        {
            return await write();
        }

        if (!_gate.Wait(0))
        {
            BankMetrics.WriteWaiting(1);
            try
            {
                await _gate.WaitAsync();
            }
            finally
            {
                BankMetrics.WriteWaiting(-1);
            }
        }

        try
        {
            return await write();
        }
        finally
        {
            _gate.Release();
        }
    }
}
