using System.Globalization;
using System.Net;
using BankOrleans.Grains.Placement;
using BankOrleans.Topology;
using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Configuration;

/// <summary>Rejects a <see cref="SiloIdentityOptions"/> that could not form the bank's topology; each message names the setting.</summary>
public sealed class SiloIdentityOptionsValidator : IValidateOptions<SiloIdentityOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SiloIdentityOptions options)
    {
        const string S = SiloIdentityOptions.SectionName;
        var failures = new List<string>();

        if (!SiloRoles.IsKnown(options.Role))
        {
            failures.Add($"{S}:Role must be '{SiloRoles.Master}' or '{SiloRoles.Reader}' (was '{options.Role}').");
        }
        else if (options.Role == SiloRoles.Master)
        {
            if (options.Index is < 1 or > 3)
            {
                failures.Add($"{S}:Index must be 1, 2 or 3 for a master (was {options.Index}).");
            }
            else if (options.Name != BankSiloMetadata.MasterName(options.Index))
            {
                failures.Add($"{S}:Name must be '{BankSiloMetadata.MasterName(options.Index)}' for master index {options.Index} (was '{options.Name}').");
            }
        }
        else
        {
            if (options.Name != SiloRoles.Reader)
            {
                failures.Add($"{S}:Name must be '{SiloRoles.Reader}' for the reader role (was '{options.Name}').");
            }

            if (options.Index != 0)
            {
                failures.Add($"{S}:Index must be absent or 0 for the reader (was {options.Index}).");
            }
        }

        CheckPort(failures, $"{S}:SiloPort", options.SiloPort);
        CheckPort(failures, $"{S}:GatewayPort", options.GatewayPort);
        if (options.SiloPort == options.GatewayPort && options.SiloPort != 0)
        {
            failures.Add($"{S}:SiloPort and {S}:GatewayPort must differ (both {options.SiloPort}).");
        }

        CheckAddress(failures, $"{S}:AdvertisedIPAddress", options.AdvertisedIPAddress);
        CheckAddress(failures, $"{S}:ListenIPAddress", options.ListenIPAddress);
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{S}:ClusterId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add($"{S}:ServiceId must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPort(List<string> failures, string setting, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{setting} must be a port number 1..65535 (was {port.ToString(CultureInfo.InvariantCulture)}).");
        }
    }

    private static void CheckAddress(List<string> failures, string setting, string value)
    {
        if (!IPAddress.TryParse(value, out _))
        {
            failures.Add($"{setting} must be an IP address (was '{value}').");
        }
    }
}
