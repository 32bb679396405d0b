namespace BankOrleans.Grains.Hosting;

/// <summary>
/// How a silo's coordinators send votes, prepares, accepts and releases to the council and the
/// replicas, bound from <c>Bank:Batching</c>. Batching changes how requests travel, never what
/// each one means: every request keeps its own timeout, reply and failure.
/// </summary>
public sealed class MessageBatchingOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Bank:Batching";

    /// <summary>
    /// Whether requests to one peer that meet while a batch is in flight leave together in the
    /// next one. Default true; false sends one message per request (for comparison).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The most requests in one batch. Default 256; at most <see cref="MessageSizeLimits.MaxProtocolBatch"/>.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>
    /// The most committed operations in one batch of the feed to the reader. Default 4096: the
    /// feed has one batch in flight per silo and the reader applies a batch in one SQLite
    /// transaction, so its rate is this many operations per round trip; with 256 a reader that
    /// slowed under load fell behind, its queued operations aged past the call timeout and were
    /// dropped, and every gap then cost a majority read. At most <see cref="MessageSizeLimits.MaxFeedBatch"/>.
    /// </summary>
    public int MaxFeedBatch { get; set; } = 4096;
}
