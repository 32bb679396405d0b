using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Configuration;

/// <summary>Rejects an unknown exporter, a malformed OTLP endpoint and a non-positive export interval.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        const string S = TelemetryOptions.SectionName;
        var failures = new List<string>();
        if (options.Exporter is not (TelemetryOptions.None or TelemetryOptions.Console or TelemetryOptions.Otlp))
        {
            failures.Add($"{S}:Exporter must be '{TelemetryOptions.None}', '{TelemetryOptions.Console}' or '{TelemetryOptions.Otlp}' (was '{options.Exporter}').");
        }

        if (!string.IsNullOrEmpty(options.OtlpEndpoint) && !Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out _))
        {
            failures.Add($"{S}:OtlpEndpoint must be an absolute URL such as http://otel-collector:4317 (was '{options.OtlpEndpoint}').");
        }

        FailureDetectionOptionsValidator.Positive(failures, $"{S}:MetricExportInterval", options.MetricExportInterval);
        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            failures.Add($"{S}:ServiceName must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
