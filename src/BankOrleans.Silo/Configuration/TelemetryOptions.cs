namespace BankOrleans.Silo.Configuration;

/// <summary>
/// OpenTelemetry export (the <c>Telemetry</c> section): metrics of the <c>Microsoft.Orleans</c>
/// and <c>BankOrleans</c> meters and traces of the <c>BankOrleans</c> and
/// <c>Microsoft.Orleans.Application</c> sources. <see cref="Exporter"/>: <c>none</c> (default),
/// <c>console</c> (into the silo's log) or <c>otlp</c> (to a collector).
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>No export.</summary>
    public const string None = "none";

    /// <summary>OpenTelemetry's console exporter.</summary>
    public const string Console = "console";

    /// <summary>OTLP to <see cref="OtlpEndpoint"/>.</summary>
    public const string Otlp = "otlp";

    /// <summary><c>none</c>, <c>console</c> or <c>otlp</c>. Default <c>none</c>.</summary>
    public string Exporter { get; set; } = None;

    /// <summary>OTLP collector URL (gRPC, e.g. <c>http://otel-collector:4317</c>); empty uses <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or the SDK default.</summary>
    public string OtlpEndpoint { get; set; } = string.Empty;

    /// <summary>How often metrics are exported. Default 10 s.</summary>
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>service.name</c> resource attribute; the silo name is the <c>service.instance.id</c>.</summary>
    public string ServiceName { get; set; } = "bank-orleans";
}
