using BankOrleans.Bench;
using BankOrleans.Bench.Options;
using BankOrleans.Bench.Reporting;
using Spectre.Console;

// ./bank bench [options]: see BenchOptionsParser, or ./bank bench --help.
var parsed = BenchOptionsParser.Parse(args, Environment.GetEnvironmentVariable);
if (parsed.HelpRequested)
{
    return parsed.Parsed.Invoke();
}

if (parsed.Options is not { } options)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"bench: {error}");
    }

    return 2;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};

try
{
    var report = await new BenchSession(options).RunAsync(interrupted.Token);
    if (options.Json)
    {
        Console.Out.WriteLine(JsonReport.Serialize(report));
    }
    else
    {
        // Redirected output (a log, a pipe) would be cut to 80 columns: give the table room.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160;
        }

        ConsoleReport.Write(AnsiConsole.Console, report);
    }

    return report.AllGood ? 0 : 1;
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    Console.Error.WriteLine("bench: interrupted");
    return 130;
}
catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or OrleansException or ArgumentException)
{
    Console.Error.WriteLine($"bench: {exception.Message}");
    return 4;
}
