using System.Globalization;
using BankOrleans.Silo.Configuration;
using Microsoft.Extensions.Configuration;

namespace BankOrleans.Silo.Hosting;

/// <summary>
/// <c>BankOrleans.Silo --config &lt;file&gt; --probe live|ready</c>: one HTTP request to the
/// silo's own health endpoint (same configuration file and <c>BANK_</c> variables as the silo),
/// exit code 0 on 200, 1 otherwise. Container images carry no curl; this is their health check.
/// </summary>
public static class SiloHealthProbe
{
    /// <summary>Probe the liveness endpoint.</summary>
    public const string Live = "live";

    /// <summary>Probe the readiness endpoint.</summary>
    public const string Ready = "ready";

    /// <summary>Runs the probe; prints the endpoint's answer on stdout.</summary>
    /// <returns>0 when the endpoint answered 200, 1 otherwise.</returns>
    public static async Task<int> RunAsync(string configPath, string probe)
    {
        var configuration = new ConfigurationManager();
        configuration.AddBankSiloConfiguration(configPath);
        var health = configuration.GetSection(HealthEndpointOptions.SectionName).Get<HealthEndpointOptions>() ?? new HealthEndpointOptions();
        // A probe from inside the silo's host reaches a wildcard listener on loopback.
        var host = health.ListenIPAddress is "0.0.0.0" or "::" ? "127.0.0.1" : health.ListenIPAddress;
        var url = string.Create(CultureInfo.InvariantCulture, $"http://{host}:{health.Port}/health/{probe}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(url)).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(await response.Content.ReadAsStringAsync().ConfigureAwait(false)).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"bank-silo: {url}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
