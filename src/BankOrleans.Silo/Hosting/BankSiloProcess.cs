using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
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

    /// <summary>Parses <c>--config &lt;path&gt;</c>, builds the host with <paramref name="configure"/>, runs it until SIGTERM/Ctrl+C.</summary>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(string[] args, Action<HostApplicationBuilder, string> configure)
    {
        if (!TryGetConfigPath(args, out var configPath, out var usageError))
        {
            await Console.Error.WriteLineAsync($"bank-silo: {usageError}\nusage: BankOrleans.Silo --config <path-to-silo-config.json>").ConfigureAwait(false);
            return ExitBadConfiguration;
        }

        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                DisableDefaults = true,
                ContentRootPath = Directory.GetCurrentDirectory(),
            });
            configure(builder, configPath);
            using var host = builder.Build();
            await host.RunAsync().ConfigureAwait(false);
            return ExitOk;
        }
        catch (OptionsValidationException ex)
        {
            await ReportAsync($"invalid configuration in {configPath}:", ex.Failures).ConfigureAwait(false);
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

    /// <summary>Single-line console logging with timestamps, levels from the <c>Logging</c> section.</summary>
    /// <returns>The same logging builder.</returns>
    public static ILoggingBuilder AddBankSiloLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddConfiguration(configuration.GetSection("Logging"));
        // The host logs a start-up failure with its whole stack; RunAsync reports it in one clear message instead.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
            console.UseUtcTimestamp = true;
        });
        return logging;
    }

    private static bool TryGetConfigPath(string[] args, out string configPath, out string error)
    {
        configPath = string.Empty;
        error = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--config" or "-c")
            {
                if (i + 1 >= args.Length)
                {
                    error = "--config needs a path.";
                    return false;
                }

                configPath = args[++i];
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
