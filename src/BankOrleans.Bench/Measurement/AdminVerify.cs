using System.Diagnostics;
using System.Text.Json.Nodes;

namespace BankOrleans.Bench.Measurement;

/// <summary>
/// Runs the console client's <c>admin verify --json</c> against the bank after a run, if the
/// client has that command; never pretends it passed when it could not run.
/// </summary>
public static class AdminVerify
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

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

        var run = await RunClientAsync(clientAssembly, arguments, cancellationToken).ConfigureAwait(false);
        return Interpret(run.ExitCode, run.Output);
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
