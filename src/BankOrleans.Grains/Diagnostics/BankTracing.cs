using System.Diagnostics;

namespace BankOrleans.Grains.Diagnostics;

/// <summary>
/// The bank's <see cref="ActivitySource"/> (<c>BankOrleans</c>). With Orleans' activity
/// propagation (<c>AddActivityPropagation</c> on silos and clients) the bank's spans and the
/// grain-call spans of <c>Microsoft.Orleans.Application</c> form one trace per request across
/// silos: client call → AccountGrain on a master → council and replica grains on the others.
/// </summary>
public static class BankTracing
{
    /// <summary>The source name to subscribe to (<c>AddSource("BankOrleans")</c>).</summary>
    public const string SourceName = "BankOrleans";

    /// <summary>Orleans' source for application grain calls, traced with the bank's.</summary>
    public const string OrleansApplicationSourceName = "Microsoft.Orleans.Application";

    /// <summary>The source; <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null while nobody listens.</summary>
    public static ActivitySource Source { get; } = new(SourceName, typeof(BankTracing).Assembly.GetName().Version?.ToString());
}
