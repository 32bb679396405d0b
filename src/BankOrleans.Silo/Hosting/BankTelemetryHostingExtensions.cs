using BankOrleans.Grains.Diagnostics;
using BankOrleans.Silo.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BankOrleans.Silo.Hosting;

/// <summary>OpenTelemetry for a silo, per the <c>Telemetry</c> section (see <see cref="TelemetryOptions"/>).</summary>
public static class BankTelemetryHostingExtensions
{
    /// <summary>Orleans' own meter.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>
    /// Adds OpenTelemetry metrics (meters <c>Microsoft.Orleans</c> and <c>BankOrleans</c>) and
    /// tracing (sources <c>BankOrleans</c> and <c>Microsoft.Orleans.Application</c>) with the
    /// configured exporter; adds nothing when the exporter is <c>none</c>.
    /// </summary>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddBankTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // The exporter decides which services exist, so it is read now; the validator still
        // rejects a bad value at start with a message naming the setting.
        var telemetry = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (telemetry.Exporter is not (TelemetryOptions.Console or TelemetryOptions.Otlp))
        {
            return services;
        }

        var siloName = configuration[$"{SiloIdentityOptions.SectionName}:Name"] ?? "silo";
        var intervalMs = (int)Math.Clamp(telemetry.MetricExportInterval.TotalMilliseconds, 1, int.MaxValue);
        var console = telemetry.Exporter == TelemetryOptions.Console;
        var endpoint = string.IsNullOrEmpty(telemetry.OtlpEndpoint) ? null : new Uri(telemetry.OtlpEndpoint);

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(telemetry.ServiceName, serviceInstanceId: siloName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OrleansMeterName, BankMetrics.MeterName);
                if (console)
                {
                    metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = intervalMs);
                }
                else
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        if (endpoint is not null)
                        {
                            exporter.Endpoint = endpoint;
                        }

                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = intervalMs;
                    });
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(BankTracing.SourceName, BankTracing.OrleansApplicationSourceName);
                if (console)
                {
                    tracing.AddConsoleExporter();
                }
                else
                {
                    tracing.AddOtlpExporter(exporter =>
                    {
                        if (endpoint is not null)
                        {
                            exporter.Endpoint = endpoint;
                        }
                    });
                }
            });
        return services;
    }
}
