using BankOrleans.Protocol.Coordination;

namespace BankOrleans.Grains.Hosting;

/// <summary>Timing of the write path, bound from the <c>Bank:Protocol</c> configuration section.</summary>
public sealed class ProtocolTimingOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Bank:Protocol";

    /// <summary>How long a council grant lasts (the original design's auto-unlock). Default 5 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one write may take before it answers unavailable/unknown. Default 8 s: longer
    /// than a restarted council member's quiet period (one lease), shorter than the client's patience.
    /// </summary>
    public TimeSpan OperationDeadline { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long one call to a council member or replica may stay silent. Default 1 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The coordinator settings these options describe.</summary>
    public CoordinatorOptions ToCoordinatorOptions() => new()
    {
        OperationDeadline = OperationDeadline,
        CallTimeout = CallTimeout,
    };
}
