using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Hosting;

/// <summary>
/// The silo process around the host: command line, configuration sources, logging and the
/// translation of start-up failures into one clear message and an exit code.
/// </summary>
public static class BankSiloProcess
{
    /// <summary>Exit code for a clean stop.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code when the silo failed while starting or running.</summary>
    public const int ExitFailed = 1;

    /// <summary>Exit code for bad usage or invalid configuration (the message names the setting).</summary>
    public const int ExitBadConfiguration = 2;

    /// <summary>The environment variable prefix of configuration overrides (<c>BANK_Silo__SiloPort</c>).</summary>
    public const string EnvironmentPrefix = "BANK_";

    /// <summary>
    /// Parses <c>--config &lt;path&gt;</c>, builds the host with <paramref name="configure"/>, maps its
    /// HTTP endpoints with <paramref name="map"/>, runs it until SIGTERM/Ctrl+C. With
    /// <c>--probe live|ready</c> it runs no silo: it asks the configured silo's health endpoint
    /// and exits 0 when it answers 200 (what a container health check runs). With
    /// <c>--make-certificates DIR</c> it makes the cluster's TLS files (<see cref="ClusterCertificateCommand"/>).
    /// </summary>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(string[] args, Action<WebApplicationBuilder, string> configure, Action<WebApplication> map)
    {
        if (args is [ClusterCertificateCommand.Option, var certificateDirectory])
        {
            return ClusterCertificateCommand.Run(certificateDirectory);
        }

        if (!TryParse(args, out var configPath, out var probe, out var usageError))
        {
            await Console.Error.WriteLineAsync($"bank-silo: {usageError}\nusage: BankOrleans.Silo --config <path-to-silo-config.json> [--probe live|ready] | --make-certificates <dir>").ConfigureAwait(false);
            return ExitBadConfiguration;
        }

        if (probe is not null)
        {
            return await SiloHealthProbe.RunAsync(configPath, probe).ConfigureAwait(false);
        }

        try
        {
            // The empty builder adds no configuration sources, logging providers or server of
            // its own: the silo's configuration is its JSON file plus BANK_* variables, nothing else.
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
            {
                ContentRootPath = Directory.GetCurrentDirectory(),
            });
            configure(builder, configPath);
            await using var app = builder.Build();
            map(app);
            await app.RunAsync().ConfigureAwait(false);
            return ExitOk;
        }
        catch (OptionsValidationException ex)
        {
            await ReportAsync($"invalid configuration in {configPath}:", ex.Failures.Any() ? ex.Failures : [ex.Message]).ConfigureAwait(false);
            return ExitBadConfiguration;
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            // Binder errors, e.g. "Failed to convert configuration value at 'Silo:SiloPort' to type 'System.Int32'".
            await ReportAsync($"invalid configuration in {configPath}:", [ex.Message]).ConfigureAwait(false);
            return ExitBadConfiguration;
        }
        catch (SiloStartupException ex)
        {
            await ReportAsync("cannot start:", [ex.Message]).ConfigureAwait(false);
            return ExitFailed;
        }
        catch (Exception ex) when (FindSocketError(ex) is { SocketErrorCode: SocketError.AddressAlreadyInUse } socketError)
        {
            await ReportAsync("cannot start: a silo or gateway port is already in use.", [socketError.Message]).ConfigureAwait(false);
            return ExitFailed;
        }
        catch (Exception ex)
        {
            await ReportAsync("silo failed:", [ex.ToString()]).ConfigureAwait(false);
            return ExitFailed;
        }
    }

    /// <summary>Adds the silo's JSON file, then the <c>BANK_</c> environment variables over it.</summary>
    /// <returns>The same configuration manager.</returns>
    public static IConfigurationManager AddBankSiloConfiguration(this IConfigurationManager configuration, string configPath)
    {
        configuration.AddJsonFile(Path.GetFullPath(configPath), optional: false, reloadOnChange: false);
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        return configuration;
    }

    /// <summary>
    /// Structured console logging: one JSON object per line (UTC timestamp, level, category,
    /// event id, message, the message's named values and scopes), levels from the <c>Logging</c>
    /// section. <c>./bank up</c> sends it to <c>&lt;data&gt;/logs/&lt;silo&gt;.log</c>.
    /// </summary>
    /// <returns>The same logging builder.</returns>
    public static ILoggingBuilder AddBankSiloLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        // Orleans' retry library logs every attempt at Information (168 of 216 lines on a compose
        // master); a default set before the Logging section, so that a silo's JSON can change it.
        logging.AddFilter("Polly", LogLevel.Warning);
        logging.AddConfiguration(configuration.GetSection("Logging"));
        // The host logs a start-up failure with its whole stack; RunAsync reports it in one clear message instead.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        // Request logs carry URLs, and the dashboard's login URL carries the operator token.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        logging.AddJsonConsole(console =>
        {
            console.IncludeScopes = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            console.UseUtcTimestamp = true;
            console.JsonWriterOptions = new JsonWriterOptions { Indented = false };
        });
        return logging;
    }

    private static bool TryParse(string[] args, out string configPath, out string? probe, out string error)
    {
        configPath = string.Empty;
        probe = null;
        error = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--config" or "-c" or "--probe")
            {
                if (i + 1 >= args.Length)
                {
                    error = $"{args[i]} needs a value.";
                    return false;
                }

                if (args[i] == "--probe")
                {
                    probe = args[++i];
                    if (probe is not (SiloHealthProbe.Live or SiloHealthProbe.Ready))
                    {
                        error = $"--probe must be '{SiloHealthProbe.Live}' or '{SiloHealthProbe.Ready}' (was '{probe}').";
                        return false;
                    }
                }
                else
                {
                    configPath = args[++i];
                }
            }
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                configPath = args[i]["--config=".Length..];
            }
            else
            {
                error = $"unknown argument '{args[i]}'.";
                return false;
            }
        }

        if (configPath.Length == 0)
        {
            error = "--config is required.";
            return false;
        }

        if (!File.Exists(configPath))
        {
            error = $"configuration file '{configPath}' does not exist.";
            return false;
        }

        return true;
    }

    private static SocketException? FindSocketError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is SocketException socketException)
            {
                return socketException;
            }

            if (ex is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (FindSocketError(inner) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }

    private static async Task ReportAsync(string headline, IEnumerable<string> details)
    {
        await Console.Error.WriteLineAsync($"bank-silo: {headline}").ConfigureAwait(false);
        foreach (var detail in details)
        {
            await Console.Error.WriteLineAsync($"  {detail}").ConfigureAwait(false);
        }
    }
}
