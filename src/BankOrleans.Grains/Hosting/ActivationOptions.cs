namespace BankOrleans.Grains.Hosting;

/// <summary>
/// How many grain activations and directory entries a master keeps, bound from the
/// <c>Bank:Activations</c> configuration section. Orleans' dashboard collects its counters every
/// second, and two of them walk every activation and every directory-cache entry of the silo: at
/// a million accounts that walk took a third of the cluster's CPU. Bounding both (with account
/// grains let go after a read and none activated for a write) keeps the walk, and the memory,
/// independent of how many accounts the bank holds.
/// </summary>
public sealed class ActivationOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Bank:Activations";

    /// <summary>
    /// How long an account grain stays active without a call. A read lets its activation go as
    /// soon as it answered and writes activate none, so this bounds the rest: an activation a
    /// client made with a call that never reached a read (one the trust boundary refused, say),
    /// which would otherwise stay Orleans' default 15 minutes. Must be longer than Orleans'
    /// collection quantum (1 minute). Default 90 s.
    /// </summary>
    public TimeSpan AccountIdleLifetime { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The most grain addresses a silo caches (Orleans' <c>GrainDirectoryOptions.CacheSize</c>,
    /// whose default is 1,000,000); the least recently used go first. Default 50,000.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 50_000;
}
