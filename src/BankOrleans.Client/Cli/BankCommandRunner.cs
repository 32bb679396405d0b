using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using BankOrleans.Client.Commands;
using BankOrleans.Client.Connection;
using BankOrleans.Client.Interactive;
using BankOrleans.Client.Output;
using Spectre.Console;

namespace BankOrleans.Client.Cli;

/// <summary>
/// The client's entry point, usable in-process: builds the command tree, parses the
/// arguments, runs the command against the given consoles and returns the exit code.
/// Parse errors exit with <see cref="ExitCodes.BadInput"/>; every failure is reported once,
/// as one JSON object with <c>--json</c> or one line on standard error without.
/// </summary>
public sealed class BankCommandRunner
{
    private readonly IAnsiConsole _out;
    private readonly IAnsiConsole _error;
    private readonly BankClientOptions _options;
    private readonly GlobalOptions _global = new();

    /// <summary>Creates a runner that writes to the given consoles.</summary>
    /// <param name="standardOutput">Standard output: results, help, and JSON answers.</param>
    /// <param name="standardError">Standard error: human-readable errors.</param>
    /// <param name="options">Process behaviour (deadlines); the production defaults when omitted.</param>
    public BankCommandRunner(IAnsiConsole standardOutput, IAnsiConsole standardError, BankClientOptions? options = null)
    {
        _out = standardOutput ?? throw new ArgumentNullException(nameof(standardOutput));
        _error = standardError ?? throw new ArgumentNullException(nameof(standardError));
        _options = options ?? new BankClientOptions();
    }

    /// <summary>Builds the command tree: the global options and one subtree per command group.</summary>
    public Command BuildRootCommand()
    {
        // A plain Command rather than RootCommand so that help shows the name users type
        // (./bank) instead of the assembly name (bank-client).
        var root = new Command("bank", "BankOrleans client: run without arguments for the interactive console, or give a scripted command.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        _global.AddTo(root);
        root.Subcommands.Add(AdminCommands.Create(this));
        foreach (var command in UserCommands.Create(this).Concat(MoneyCommands.Create(this)))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses <paramref name="args"/>, runs the command and returns the process exit code.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0)
        {
            // `./bank` alone: the interactive console on the default gateways.
            return await RunInteractiveAsync(GatewayAddress.LocalClusterDefaults, cancellationToken).ConfigureAwait(false);
        }

        var root = BuildRootCommand();
        var parseResult = root.Parse(args);

        if (parseResult.Errors.Count > 0 && parseResult.Action is null or ParseErrorAction)
        {
            return ReportParseErrors(parseResult, args);
        }

        var invocation = new InvocationConfiguration
        {
            Output = _out.Profile.Out.Writer,
            Error = _error.Profile.Out.Writer,
            // Command bodies report their own failures (BindAction); anything escaping is a bug.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = _options.HandleTerminationSignals ? TimeSpan.FromSeconds(2) : null,
        };

        return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the interactive console against <paramref name="gateways"/> (<c>host:port</c> each) and returns its exit code.</summary>
    public async Task<int> RunInteractiveAsync(IReadOnlyList<string> gateways, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        var addresses = new List<GatewayAddress>(gateways.Count);
        foreach (var text in gateways)
        {
            if (!GatewayAddress.TryParse(text, out var address, out var error))
            {
                return new CommandOutput(_out, _error, json: false).Failure(ClientError.BadInput(error));
            }

            addresses.Add(address);
        }

        var settings = new ClientSettings(addresses, Json: false, Session: null, RequestId: null);
        return await new InteractiveConsole(_out, settings, _options).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes <paramref name="handler"/> the action of <paramref name="command"/>, wrapped so that
    /// its failures become one answer with the right exit code.
    /// </summary>
    public void BindAction(Command command, BankCommandHandler handler)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(handler);
        command.SetAction((parseResult, cancellationToken) => ExecuteAsync(parseResult, handler, cancellationToken));
    }

    private async Task<int> ExecuteAsync(ParseResult parseResult, BankCommandHandler handler, CancellationToken cancellationToken)
    {
        var output = new CommandOutput(_out, _error, _global.WantsJson(parseResult, []));
        try
        {
            var context = new CommandContext(_global.Read(parseResult), output, _options);
            return await handler(context, parseResult, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientErrorException exception)
        {
            return output.Failure(exception.Error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return output.Failure(ClientError.Cancelled());
        }
        catch (Exception exception)
        {
            return output.Failure(ClientError.Internal($"unexpected {exception.GetType().Name}: {exception.Message}"));
        }
    }

    private int ReportParseErrors(ParseResult parseResult, IReadOnlyList<string> args)
    {
        var output = new CommandOutput(_out, _error, _global.WantsJson(parseResult, args));
        var message = string.Join(" ", parseResult.Errors.Select(error => error.Message).Distinct());
        var exitCode = output.Failure(ClientError.BadInput(message));
        output.Hint("Run './bank --help' for usage.");
        return exitCode;
    }
}
