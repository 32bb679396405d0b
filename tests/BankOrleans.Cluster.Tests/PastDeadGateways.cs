using Orleans.Runtime.Messaging;

namespace BankOrleans.Cluster.Tests;

/// <summary>
/// A call made while silos are down, sent again when the test client picked the gateway of a
/// killed silo (as the console client fails over to another gateway). The client keeps a dead
/// gateway in its list until its next refresh, and chooses a gateway per grain, so a few calls
/// after a kill can still be routed to it.
/// </summary>
public static class PastDeadGateways
{
    /// <summary>Calls <paramref name="call"/>, again on a failed connection, at most five times.</summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (ConnectionFailedException) when (attempt < 5)
            {
            }
        }
    }
}
