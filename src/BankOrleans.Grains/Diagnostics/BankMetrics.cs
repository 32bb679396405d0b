using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BankOrleans.Grains.Diagnostics;

/// <summary>
/// The bank's own metrics: the <c>BankOrleans</c> meter, exported next to Orleans' own
/// <c>Microsoft.Orleans</c> meter by every silo (see the silo's <c>Telemetry</c> section).
/// Recording is cheap and thread-safe and does nothing while no listener is attached, so the
/// methods may be called from grain turns and from the protocol's hot paths alike.
/// </summary>
/// <remarks>
/// Instruments (names follow OpenTelemetry's dotted lower-case style; units in UCUM):
/// <list type="bullet">
/// <item><c>bank.operations.committed</c> — counter, tag <c>kind</c>.</item>
/// <item><c>bank.operations.rejected</c> — counter, tags <c>kind</c>, <c>reason</c> (the error code).</item>
/// <item><c>bank.operations.not_committed</c> — counter, tags <c>kind</c>, <c>verdict</c> (<c>unavailable</c> or <c>unknown</c>).</item>
/// <item><c>bank.operation.duration</c> — histogram in seconds, tags <c>kind</c>, <c>verdict</c>.</item>
/// <item><c>bank.lease.conflicts</c> — counter of lease requests a council member refused.</item>
/// <item><c>bank.lease.wait</c> — histogram in seconds: how long one lease request took to answer.</item>
/// <item><c>bank.replica.repairs</c> — counter of installs (state transfers) sent to a lagging replica, tag <c>status</c>.</item>
/// <item><c>bank.messaging.dropped</c> — counter of requests a batch channel dropped because they waited longer than the call timeout to leave, tag <c>channel</c>.</item>
/// <item><c>bank.reader.lag.versions</c>, <c>bank.reader.lag.seconds</c> — gauges set by the read replica.</item>
/// <item><c>bank.session.checks</c> — counter of session epoch checks, tag <c>by</c>: <c>lease</c> (this silo's session lease decided), <c>majority</c> (a majority read).</item>
/// <item><c>bank.security.refused</c> — counter of client calls the trust boundary refused, tag <c>interface</c>.</item>
/// <item><c>bank.accounts.frozen</c> — gauge: accounts refused for lack of a majority (ARCHITECTURE §3.5).</item>
/// </list>
/// </remarks>
public static class BankMetrics
{
    /// <summary>The meter name to subscribe to (<c>AddMeter("BankOrleans")</c>).</summary>
    public const string MeterName = "BankOrleans";

    private static readonly Meter Meter = new(MeterName, typeof(BankMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Committed =
        Meter.CreateCounter<long>("bank.operations.committed", "{operation}", "Operations committed on a majority of replicas.");

    private static readonly Counter<long> Rejected =
        Meter.CreateCounter<long>("bank.operations.rejected", "{operation}", "Operations every replica rejected by a business rule, by reason.");

    private static readonly Counter<long> NotCommitted =
        Meter.CreateCounter<long>("bank.operations.not_committed", "{operation}", "Operations that ended unavailable or with an unknown outcome.");

    private static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("bank.operation.duration", "s", "Time from the coordinator receiving an operation to its verdict.");

    private static readonly Counter<long> LeaseConflicts =
        Meter.CreateCounter<long>("bank.lease.conflicts", "{lease}", "Lease requests a council member refused (held by another coordinator, or quiet period).");

    private static readonly Histogram<double> LeaseWait =
        Meter.CreateHistogram<double>("bank.lease.wait", "s", "Time one council member took to answer a lease request.");

    private static readonly Counter<long> Repairs =
        Meter.CreateCounter<long>("bank.replica.repairs", "{install}", "State transfers sent to a replica that lacked committed history, by result.");

    private static readonly Counter<long> Dropped =
        Meter.CreateCounter<long>("bank.messaging.dropped", "{request}", "Requests a batch channel dropped because they waited longer than the call timeout to leave.");

    private static readonly Counter<long> SessionChecks =
        Meter.CreateCounter<long>("bank.session.checks", "{check}", "Session epoch checks, by what decided them: a session lease or a majority read.");

    private static readonly Counter<long> Refused =
        Meter.CreateCounter<long>("bank.security.refused", "{call}", "Client calls to grains that serve silos only, refused before they ran, by interface.");

    private static long _readerLagVersions;
    private static double _readerLagSeconds;
    private static long _frozenAccounts;

    static BankMetrics()
    {
        Meter.CreateObservableGauge("bank.reader.lag.versions", () => Volatile.Read(ref _readerLagVersions), "{version}",
            "How many committed versions the read replica is behind, at its last report.");
        Meter.CreateObservableGauge("bank.reader.lag.seconds", () => Volatile.Read(ref _readerLagSeconds), "s",
            "Age of the oldest committed operation the read replica has not applied, at its last report.");
        Meter.CreateObservableGauge("bank.accounts.frozen", () => Volatile.Read(ref _frozenAccounts), "{account}",
            "Accounts whose writes are refused because no majority holds their latest version.");
    }

    /// <summary>Records one operation's verdict and duration, as the coordinator returns it.</summary>
    /// <param name="kind">Operation kind, e.g. <c>Transfer</c>.</param>
    /// <param name="verdict"><c>committed</c>, <c>rejected</c>, <c>unavailable</c> or <c>unknown</c>.</param>
    /// <param name="reason">The rejection's error code; ignored unless the verdict is <c>rejected</c>.</param>
    /// <param name="elapsed">Time from receiving the operation to the verdict.</param>
    public static void RecordOperation(string kind, string verdict, string? reason, TimeSpan elapsed)
    {
        var kindTag = new KeyValuePair<string, object?>("kind", kind);
        switch (verdict)
        {
            case "committed":
                Committed.Add(1, kindTag);
                break;
            case "rejected":
                Rejected.Add(1, kindTag, new KeyValuePair<string, object?>("reason", reason ?? "unspecified"));
                break;
            default:
                NotCommitted.Add(1, kindTag, new KeyValuePair<string, object?>("verdict", verdict));
                break;
        }

        Duration.Record(elapsed.TotalSeconds, kindTag, new KeyValuePair<string, object?>("verdict", verdict));
    }

    /// <summary>Records one answered lease request: how long it took, and a conflict when it was refused.</summary>
    public static void RecordLeaseAnswer(bool granted, TimeSpan elapsed)
    {
        LeaseWait.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("granted", granted));
        if (!granted)
        {
            LeaseConflicts.Add(1);
        }
    }

    /// <summary>Records one install (repair by state transfer) and its result, e.g. <c>Installed</c>.</summary>
    public static void RecordRepair(string status) => Repairs.Add(1, new KeyValuePair<string, object?>("status", status));

    /// <summary>Sets the read replica's lag; call it whenever the reader applies or learns of a version.</summary>
    public static void ReportReaderLag(long versionsBehind, TimeSpan behind)
    {
        Volatile.Write(ref _readerLagVersions, Math.Max(0, versionsBehind));
        Volatile.Write(ref _readerLagSeconds, Math.Max(0, behind.TotalSeconds));
    }

    /// <summary>Sets how many accounts are frozen (writes refused for lack of a majority) on this silo.</summary>
    public static void ReportFrozenAccounts(long count) => Volatile.Write(ref _frozenAccounts, Math.Max(0, count));

    /// <summary>A started stopwatch timestamp, for <see cref="Elapsed"/>.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Time since <paramref name="startTimestamp"/> from <see cref="Start"/>.</summary>
    public static TimeSpan Elapsed(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp);

    /// <summary>Records requests a batch channel dropped for waiting longer than the call timeout.</summary>
    /// <param name="channel">Which channel, e.g. <c>reader-feed</c> or <c>accept-2</c>.</param>
    /// <param name="count">How many.</param>
    public static void RecordDropped(string channel, int count) => Dropped.Add(count, new KeyValuePair<string, object?>("channel", channel));

    /// <summary>Records one session epoch check, decided by a session lease or by a majority read.</summary>
    public static void RecordSessionCheck(bool byLease) => SessionChecks.Add(1, new KeyValuePair<string, object?>("by", byLease ? "lease" : "majority"));

    /// <summary>Records one client call the trust boundary refused.</summary>
    /// <param name="grainInterface">The full name of the interface the client called.</param>
    public static void RecordRefusedCall(string grainInterface) => Refused.Add(1, new KeyValuePair<string, object?>("interface", grainInterface));
}
