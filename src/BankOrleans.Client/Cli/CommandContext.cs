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

    /// <summary>
    /// Connects and runs <paramref name="call"/>, trying again on another gateway after a failure
    /// that retrying can mend, within the failover bound (<see cref="BankClientOptions.FailoverBound"/>,
    /// or <c>BANK_FAILOVER_SECONDS</c>); see <see cref="FailoverLoop"/>.
    /// </summary>
    /// <param name="call">The command's call; it runs once per try.</param>
    /// <param name="requestId">The write's request id, the same on every try; null for a read.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ClientErrorException">The command's one failure answer.</exception>
    public Task<T> WithFailoverAsync<T>(Func<ClusterConnection, CancellationToken, Task<T>> call, string? requestId, CancellationToken cancellationToken)
    {
        var gateways = Settings.Gateways;
        // A random first gateway spreads clients as Orleans would; each further try starts one later.
        var offset = Random.Shared.Next(Math.Max(1, gateways.Count));
        return new FailoverLoop(FailoverBound(), TimeProvider.System) { MinimumTry = _options.FailoverTryMinimum }.RunAsync(
            (attempt, ct) => ClusterConnection.ConnectAsync(
                Rotated(gateways, offset + attempt.Number), _options.Within(attempt.Remaining), ct, startAtFirst: true),
            call,
            requestId,
            cancellationToken);
    }

    /// <summary><paramref name="gateways"/> starting at index <paramref name="by"/> modulo their count.</summary>
    public static IReadOnlyList<GatewayAddress> Rotated(IReadOnlyList<GatewayAddress> gateways, int by)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        if (gateways.Count == 0)
        {
            return gateways;
        }

        var start = by % gateways.Count;
        return [.. gateways.Skip(start), .. gateways.Take(start)];
    }

    private TimeSpan FailoverBound()
    {
        var text = (_options.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable)(FailoverSecondsVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return _options.FailoverBound;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
               && seconds is >= 0 and <= MaxFailoverSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new ClientErrorException(ClientError.BadInput($"{FailoverSecondsVariable} must be a number of seconds from 0 to {MaxFailoverSeconds}"));
    }

    /// <summary>Environment variable that overrides <see cref="BankClientOptions.FailoverBound"/> (seconds; 0 = one try).</summary>
    public const string FailoverSecondsVariable = "BANK_FAILOVER_SECONDS";

    private const int MaxFailoverSeconds = 300;
}

/// <summary>The body of one command: returns the process exit code, or throws <see cref="ClientErrorException"/>.</summary>
public delegate Task<int> BankCommandHandler(
    CommandContext context,
    System.CommandLine.ParseResult parseResult,
    CancellationToken cancellationToken);
