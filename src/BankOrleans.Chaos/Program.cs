using BankOrleans.Chaos;

// ./bank chaos --scenario NAME --duration S --seed N [--json]: one run, a verdict per check, exit 0 only if all held.
var arguments = ChaosArguments.Parse(args);
if (arguments.Error is not null)
{
    Console.Error.WriteLine($"bank chaos: {arguments.Error}");
    Console.Error.WriteLine(ChaosArguments.Usage);
    return 2;
}

var report = await ChaosRun.RunAsync(arguments.Settings!);
Console.Out.WriteLine(arguments.Json ? report.ToJson() : report.ToText());
return report.Ok ? 0 : 1;
