using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Configuration;

/// <summary>Requires a valid health port and listen address.</summary>
public sealed class HealthEndpointOptionsValidator : IValidateOptions<HealthEndpointOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HealthEndpointOptions options)
    {
        const string S = HealthEndpointOptions.SectionName;
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{S}:Port must be a port number 1..65535 (was {options.Port.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (!IPAddress.TryParse(options.ListenIPAddress, out _))
        {
            failures.Add($"{S}:ListenIPAddress must be an IP address (was '{options.ListenIPAddress}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
