namespace BankOrleans.Grains.Hosting;

/// <summary>
/// How many directory entries a silo caches, bound from the <c>Bank:Activations</c> configuration
/// section. Orleans' dashboard collects its counters every second, and two of them walk every
/// activation and every directory-cache entry of the silo: at a million accounts that walk took a
/// third of the cluster's CPU. Account grains are let go once they answered and writes activate
/// none, so the activations stay few; bounding the cache keeps its walk, and the memory,
/// independent of how many accounts the bank holds.
/// </summary>
public sealed class ActivationOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Bank:Activations";

    /// <summary>
    /// The most grain addresses a silo caches (Orleans' <c>GrainDirectoryOptions.CacheSize</c>,
    /// whose default is 1,000,000); the least recently used go first. Default 50,000.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 50_000;
}
