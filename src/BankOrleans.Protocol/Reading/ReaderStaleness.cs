namespace BankOrleans.Protocol.Reading;

/// <summary>
/// The read replica's staleness rule (ARCHITECTURE §5b): the reader may answer a query only while
/// what it holds is at most <see cref="MaxStaleness"/> old, measured by when it last heard from each
/// master (a heartbeat on the feed path, or its catch-up). Thread-safe.
/// </summary>
/// <remarks>
/// A master's heartbeat carries a mark of every commit of that master's coordinators that the
/// reader has not acknowledged (feed rule, <see cref="UnacknowledgedCommits"/>), so having heard
/// from a master at <c>t</c> means holding each write — balance or session epoch — that master
/// answered before <c>t</c>. Hence: fresh iff some master was heard
/// within the bound (with every master down, nothing new can commit, but the reader cannot know
/// for how long that holds) and every master the membership shows active was heard within the
/// bound (a live master that cannot reach the reader may be committing logouts it never sees).
/// </remarks>
public sealed class ReaderStaleness(TimeSpan maxStaleness, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _heard = new(StringComparer.Ordinal);

    /// <summary>The bound: how old the newest word from the masters may be.</summary>
    public TimeSpan MaxStaleness { get; } = maxStaleness > TimeSpan.Zero
        ? maxStaleness
        : throw new ArgumentOutOfRangeException(nameof(maxStaleness), maxStaleness, "the staleness bound must be positive");

    /// <summary>
    /// Records that the reader heard from <paramref name="master"/> as of <paramref name="at"/>: it
    /// holds every write that master answered before then. An older time changes nothing.
    /// </summary>
    public void Heard(string master, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(master);
        lock (_gate)
        {
            if (!_heard.TryGetValue(master, out var last) || last < at)
            {
                _heard[master] = at;
            }
        }
    }

    /// <summary>When the reader last heard from <paramref name="master"/>, or null if never (since this process started).</summary>
    public DateTimeOffset? LastHeard(string master)
    {
        lock (_gate)
        {
            return _heard.TryGetValue(master, out var last) ? last : null;
        }
    }

    /// <summary>
    /// Null when the reader may answer now, given the masters the membership shows active;
    /// otherwise why not (a message for people).
    /// </summary>
    public string? Refusal(IReadOnlyCollection<string> activeMasters)
    {
        ArgumentNullException.ThrowIfNull(activeMasters);
        var oldest = time.GetUtcNow() - MaxStaleness;
        lock (_gate)
        {
            // Staleness rule, part 1: some master within the bound.
            if (!_heard.Values.Any(at => at >= oldest))
            {
                return $"the reader has heard nothing from the masters for over {Seconds(MaxStaleness)} s";
            }

            // Staleness rule, part 2: every active master within the bound.
            var silent = activeMasters.Where(m => !_heard.TryGetValue(m, out var at) || at < oldest).Order(StringComparer.Ordinal).ToArray();
            return silent.Length == 0
                ? null
                : $"the reader has not heard from {string.Join(", ", silent)} for over {Seconds(MaxStaleness)} s";
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
