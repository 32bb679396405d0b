using System.Diagnostics;

namespace BankOrleans.Cluster.Tests;

/// <summary>
/// Bounded polling for cluster facts Orleans announces with no event a test can await
/// (membership views converging after a silo dies or returns).
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Calls <paramref name="probe"/> until it returns a value satisfying <paramref name="done"/> or the deadline passes.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var clock = Stopwatch.StartNew();
        Exception? lastError = null;
        var last = default(T);
        while (clock.Elapsed < limit)
        {
            try
            {
                last = await probe();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex)
            {
                lastError = ex;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"{what}: not observed within {limit}; last value '{last}', last error: {lastError?.GetType().Name}: {lastError?.Message}", lastError);
    }
}
