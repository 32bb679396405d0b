using BankOrleans.Client.Connection;
using BankOrleans.Client.Output;

namespace BankOrleans.Client.Cli;

/// <summary>What a command's handler gets: the global option values, the output, and a way to reach the cluster.</summary>
public sealed class CommandContext
{
    private readonly BankClientOptions _options;

    internal CommandContext(ClientSettings settings, CommandOutput output, BankClientOptions options)
    {
        Settings = settings;
        Output = output;
        _options = options;
    }

    /// <summary>The global option values.</summary>
    public ClientSettings Settings { get; }

    /// <summary>Where the command writes its single answer.</summary>
    public CommandOutput Output { get; }

    /// <summary>Process behaviour: deadlines, standard input, environment.</summary>
    public BankClientOptions Options => _options;

    /// <summary>Connects to the cluster through <see cref="ClientSettings.Gateways"/> within the connect deadline.</summary>
    /// <exception cref="ClientErrorException">With code <c>unavailable</c> when the cluster cannot be reached.</exception>
    public Task<ClusterConnection> ConnectAsync(CancellationToken cancellationToken) =>
        ClusterConnection.ConnectAsync(Settings.Gateways, _options, cancellationToken);
}

/// <summary>The body of one command: returns the process exit code, or throws <see cref="ClientErrorException"/>.</summary>
public delegate Task<int> BankCommandHandler(
    CommandContext context,
    System.CommandLine.ParseResult parseResult,
    CancellationToken cancellationToken);
