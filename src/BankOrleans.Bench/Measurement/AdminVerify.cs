using System.Diagnostics;
using System.Text.Json.Nodes;

namespace BankOrleans.Bench.Measurement;

/// <summary>
/// Runs the console client's <c>admin verify --json</c> against the bank after a run, if the
/// client has that command; never pretends it passed when it could not run. A write that timed
/// out under load can leave one master behind until an anti-entropy pass reaches its account, so
/// a red answer is asked again for up to <see cref="ConvergenceLimit"/> and the wait is reported.
/// </summary>
public static class AdminVerify
{
    /// <summary>
    /// How long a red verify is retried before it counts. A pass (every 10 s) compares as many
    /// pages of 2,500 accounts as fit in about a second, so on a busy machine a bank of a few
    /// tens of thousands of accounts takes more than a minute to be swept whole; 30 s once ended
    /// a C=256 run red with 80 accounts still waiting for their pass.
    /// </summary>
    public static readonly TimeSpan ConvergenceLimit = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    /// <summary>Asks the client at <paramref name="clientAssembly"/> to verify the cluster behind <paramref name="gateways"/>.</summary>
    public static async Task<VerifyStatus> RunAsync(string? clientAssembly, IReadOnlyList<string> gateways, CancellationToken cancellationToken)
    {
        if (clientAssembly is null || !File.Exists(clientAssembly))
        {
            return new VerifyStatus("not available", "the console client was not found (run through ./bank bench)");
        }

        var help = await RunClientAsync(clientAssembly, ["admin", "--help"], cancellationToken).ConfigureAwait(false);
        if (!help.Output.Contains("verify", StringComparison.Ordinal))
        {
            return new VerifyStatus("not available", "the client has no 'admin verify' command yet");
        }

        var arguments = new List<string> { "admin", "verify", "--json" };
        foreach (var gateway in gateways)
        {
            arguments.Add("--gateway");
            arguments.Add(gateway);
        }

        return await UntilGreenAsync(
            async () =>
            {
                var run = await RunClientAsync(clientAssembly, arguments, cancellationToken).ConfigureAwait(false);
                return Interpret(run.ExitCode, run.Output);
            },
            ConvergenceLimit,
            RetryInterval,
            TimeProvider.System,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks <paramref name="verify"/> until it is green or <paramref name="limit"/> has passed:
    /// green at once is plain green; green later says how long it took and what the first answer
    /// was; red at the limit is the last red answer.
    /// </summary>
    public static async Task<VerifyStatus> UntilGreenAsync(
        Func<Task<VerifyStatus>> verify, TimeSpan limit, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var first = await verify().ConfigureAwait(false);
        var last = first;
        while (!last.Green && time.GetElapsedTime(started) + interval <= limit)
        {
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            last = await verify().ConfigureAwait(false);
        }

        return last.Green && !first.Green
            ? last with { Detail = $"{last.Detail} (green after {time.GetElapsedTime(started).TotalSeconds:0.0} s; first answer: {first.Detail})" }
            : last;
    }

    /// <summary>Reads the one JSON object <c>admin verify --json</c> prints: green iff exit 0 and <c>"ok":true</c>.</summary>
    public static VerifyStatus Interpret(int exitCode, string output)
    {
        JsonNode? answer = null;
        try
        {
            answer = JsonNode.Parse(output.Trim());
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: reported as red below with the raw text.
        }

        var ok = answer?["ok"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var detail = answer?["message"]?.ToString() ?? Shorten(output);
        return exitCode == 0 && ok
            ? new VerifyStatus("green", answer?["message"]?.ToString() ?? "admin verify reported no problem")
            : new VerifyStatus("red", $"exit {exitCode}: {detail}");
    }

    private static string Shorten(string text)
    {
        var trimmed = text.Trim().ReplaceLineEndings(" ");
        return trimmed.Length <= 300 ? trimmed : trimmed[..300] + "…";
    }

    private static async Task<(int ExitCode, string Output)> RunClientAsync(string clientAssembly, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(clientAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the console client");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            return (-1, $"the client did not answer within {Timeout.TotalMinutes:0} minutes");
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}
