using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Configuration;

/// <summary>
/// Rejects a dashboard that would be served without the operator credential, on a bad port, or
/// on the health port.
/// </summary>
public sealed class DashboardEndpointOptionsValidator(
    IOptions<OperatorCredentialOptions> credential, IOptions<HealthEndpointOptions> health) : IValidateOptions<DashboardEndpointOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DashboardEndpointOptions options)
    {
        const string S = DashboardEndpointOptions.SectionName;
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{S}:Port must be 0 (no dashboard) or a port number 1..65535 (was {options.Port.ToString(CultureInfo.InvariantCulture)}).");
        }
        else if (options.Port == health.Value.Port)
        {
            failures.Add($"{S}:Port and {HealthEndpointOptions.SectionName}:Port must differ (both {options.Port.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (!IPAddress.TryParse(options.ListenIPAddress, out _))
        {
            failures.Add($"{S}:ListenIPAddress must be an IP address (was '{options.ListenIPAddress}').");
        }

        if (options.CounterUpdateInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{S}:CounterUpdateInterval must be at least 00:00:01 (was {options.CounterUpdateInterval}).");
        }

        if (!credential.Value.IsStrong)
        {
            failures.Add($"{S}:Port is set, so {OperatorCredentialOptions.TokenKey} must hold an operator token of at least " +
                $"{OperatorCredentialOptions.MinimumTokenLength} characters (set BANK_Bank__Security__OperatorToken or {OperatorCredentialOptions.SectionName}:OperatorTokenFile; ./bank up does).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
