using System.CommandLine;
using BankOrleans.Client.Connection;

namespace BankOrleans.Client.Cli;

/// <summary>
/// The global options of the command-line contract (ARCHITECTURE.md section 7). They are
/// recursive: they may be given before or after the command name.
/// </summary>
public sealed class GlobalOptions
{
    /// <summary>Environment variable that supplies the session token when <c>--session</c> is absent.</summary>
    public const string SessionEnvironmentVariable = "BANK_SESSION";

    /// <summary>Creates the option symbols.</summary>
    public GlobalOptions()
    {
        Gateway = new Option<string[]>("--gateway")
        {
            Description = "Gateway host:port to connect to; repeat for several (default: the 4 local silos)",
            HelpName = "host:port",
            Recursive = true,
            Arity = ArgumentArity.OneOrMore,
            DefaultValueFactory = _ => [.. GatewayAddress.LocalClusterDefaults],
        };
        Gateway.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!GatewayAddress.TryParse(token.Value, out _, out var error))
                {
                    result.AddError(error);
                }
            }
        });

        Json = new Option<bool>("--json")
        {
            Description = "Print exactly one JSON object on standard output",
            Recursive = true,
        };

        Session = new Option<string?>("--session")
        {
            Description = $"Session token from 'login' (default: ${SessionEnvironmentVariable})",
            HelpName = "token",
            Recursive = true,
            // No DefaultValueFactory: help prints defaults, and a token must never be printed.
        };

        RequestId = new Option<string?>("--request-id")
        {
            Description = "Idempotency key: a retried request with the same id is applied at most once",
            HelpName = "id",
            Recursive = true,
        };
    }

    /// <summary><c>--gateway host:port</c>, repeatable.</summary>
    public Option<string[]> Gateway { get; }

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; }

    /// <summary><c>--session TOKEN</c>.</summary>
    public Option<string?> Session { get; }

    /// <summary><c>--request-id ID</c>.</summary>
    public Option<string?> RequestId { get; }

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(Command root)
    {
        root.Options.Add(Gateway);
        root.Options.Add(Json);
        root.Options.Add(Session);
        root.Options.Add(RequestId);
    }

    /// <summary>Reads the option values of a successfully parsed command line.</summary>
    public ClientSettings Read(ParseResult parseResult)
    {
        var gateways = parseResult.GetValue(Gateway) ?? [.. GatewayAddress.LocalClusterDefaults];
        var addresses = new List<GatewayAddress>(gateways.Length);
        foreach (var text in gateways)
        {
            // Validated at parse time; a failure here is a bug in the validator.
            if (!GatewayAddress.TryParse(text, out var address, out var error))
            {
                throw new ClientErrorException(ClientError.BadInput(error));
            }

            addresses.Add(address);
        }

        return new ClientSettings(
            addresses,
            parseResult.GetValue(Json),
            NullIfBlank(parseResult.GetValue(Session)) ?? NullIfBlank(Environment.GetEnvironmentVariable(SessionEnvironmentVariable)),
            NullIfBlank(parseResult.GetValue(RequestId)));
    }

    /// <summary>
    /// Whether <c>--json</c> was asked for, even on a command line that failed to parse (so
    /// that parse errors, too, are answered in JSON).
    /// </summary>
    public bool WantsJson(ParseResult parseResult, IReadOnlyList<string> args)
    {
        try
        {
            if (parseResult.GetValue(Json))
            {
                return true;
            }
        }
        catch (InvalidOperationException)
        {
            // The value could not be read from a broken command line; fall back to the tokens.
        }

        return args.Any(arg => arg is "--json" or "--json=true");
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
