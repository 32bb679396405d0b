using BankOrleans.Client.Cli;
using Spectre.Console;

// The whole client lives in BankCommandRunner so that tests can run it in-process.
var standardError = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
var runner = new BankCommandRunner(AnsiConsole.Console, standardError);
return await runner.RunAsync(args);
