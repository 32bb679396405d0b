using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reconciliation;

/// <summary>
/// Paging of replica inventories (a replica grain's <c>Inventory</c>): a page is the opened
/// accounts from a key, in ordinal order, so one message stays bounded at a million accounts.
/// </summary>
public static class InventoryPages
{
    /// <summary>The largest page a replica serves (about 100 bytes per digest on the wire).</summary>
    public const int MaxPageSize = 50_000;

    /// <summary><paramref name="limit"/>, if it is a page size a replica serves.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not between 1 and <see cref="MaxPageSize"/>.</exception>
    public static int Checked(int limit) =>
        limit is >= 1 and <= MaxPageSize
            ? limit
            : throw new ArgumentOutOfRangeException(nameof(limit), limit, $"a page holds 1 to {MaxPageSize} accounts");

    /// <summary>The first key after <paramref name="key"/>: keys hold no control characters, so nothing sorts between them.</summary>
    public static string After(string key) => key + "\u0001";

    /// <summary>Reads every page of one replica; each page is one call bounded by <paramref name="callTimeout"/>.</summary>
    /// <returns>All its digests, and whether it was ready when it answered the last page.</returns>
    public static async Task<ReplicaInventory> ReadAllAsync(
        Func<string, int, Task<ReplicaInventory>> page, int pageSize, TimeSpan callTimeout, TimeProvider? time = null)
    {
        var ready = false;
        var digests = await ReadAllAsync(
            async (from, limit) =>
            {
                var inventory = await page(from, limit);
                ready = inventory.Ready;
                return inventory.Accounts;
            },
            d => d.Account, pageSize, callTimeout, time);
        return new ReplicaInventory(ready, digests);
    }

    /// <summary>
    /// Reads every page of any keyed listing paged the same way (from a key, inclusive, at most a
    /// page); each page is one call bounded by <paramref name="callTimeout"/>.
    /// </summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(
        Func<string, int, Task<IReadOnlyList<T>>> page, Func<T, string> key, int pageSize, TimeSpan callTimeout, TimeProvider? time = null)
    {
        var all = new List<T>();
        var from = "";
        while (true)
        {
            var items = await page(from, pageSize).WaitAsync(callTimeout, time ?? TimeProvider.System);
            all.AddRange(items);
            if (items.Count < pageSize)
            {
                return all;
            }

            from = After(key(items[^1]));
        }
    }
}
