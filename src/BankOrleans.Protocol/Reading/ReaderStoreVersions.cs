namespace BankOrleans.Protocol.Reading;

/// <summary>What the reader holds of an object, as the heartbeat, the gap fill and the queries ask it.</summary>
public static class ReaderStoreVersions
{
    /// <summary>The reader's version of <paramref name="key"/> (an account, or a user object's session epoch); 0 if it does not hold it.</summary>
    public static long VersionOf(this IReaderStore store, string key)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.GetAccount(key)?.Version ?? 0;
    }
}
