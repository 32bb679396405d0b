using BankOrleans.Client.Banking;
using BankOrleans.Client.Cli;
using BankOrleans.Client.Connection;
using BankOrleans.Client.Output;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Users;
using Spectre.Console;

namespace BankOrleans.Client.Interactive;

/// <summary>
/// The interactive console (<c>./bank</c> with no arguments): log in or register (password typed
/// hidden), then a menu of the bank's operations with validated prompts, a spinner while the cluster
/// works, errors in red with the same messages as the scripted commands. Ctrl-C leaves cleanly.
/// </summary>
public sealed class InteractiveConsole
{
    private const string LogIn = "Log in";
    private const string Register = "Register";
    private const string Quit = "Quit";
    private const string ShowAccounts = "Accounts";
    private const string OpenAccount = "Open account";
    private const string Deposit = "Deposit";
    private const string Withdraw = "Withdraw";
    private const string Transfer = "Transfer";
    private const string Balance = "Balance";
    private const string History = "History";
    private const string LogOut = "Log out";

    private readonly IAnsiConsole _console;
    private readonly BankClientOptions _options;
    private readonly Func<CancellationToken, Task<(IClusterClient Client, IAsyncDisposable Lifetime)>> _connect;

    /// <summary>Creates the console over <paramref name="console"/> with the global option values and process options.</summary>
    public InteractiveConsole(IAnsiConsole console, ClientSettings settings, BankClientOptions options)
        : this(console, options, async ct =>
        {
            var connection = await ClusterConnection.ConnectAsync(settings.Gateways, options, ct);
            return (connection.Client, connection);
        })
    {
        ArgumentNullException.ThrowIfNull(settings);
    }

    /// <summary>Creates the console with its own way to reach the cluster (tests pass an in-process cluster's client).</summary>
    public InteractiveConsole(
        IAnsiConsole console, BankClientOptions options, Func<CancellationToken, Task<(IClusterClient Client, IAsyncDisposable Lifetime)>> connect)
    {
        _console = console ?? throw new ArgumentNullException(nameof(console));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _connect = connect ?? throw new ArgumentNullException(nameof(connect));
    }

    /// <summary>Runs until the user quits (exit 0), the cluster cannot be reached (exit 4) or Ctrl-C (exit 130).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler? onCancel = null;
        if (_options.HandleTerminationSignals)
        {
            onCancel = (_, e) =>
            {
                e.Cancel = true;
                interrupt.Cancel();
            };
            Console.CancelKeyPress += onCancel;
        }

        try
        {
            return await RunLoopAsync(interrupt.Token);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            _console.WriteLine();
            _console.MarkupLine("bye (interrupted)");
            return ExitCodes.Cancelled;
        }
        finally
        {
            if (onCancel is not null)
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }

    private async Task<int> RunLoopAsync(CancellationToken ct)
    {
        _console.MarkupLine("[bold]BankOrleans[/] — interactive console (Ctrl-C to leave)");
        (IClusterClient Client, IAsyncDisposable Lifetime) connection;
        try
        {
            connection = await SpinAsync("connecting to the bank…", () => _connect(ct));
        }
        catch (ClientErrorException e)
        {
            ShowError(e.Error);
            return e.Error.ExitCode;
        }

        await using (connection.Lifetime)
        {
            var bank = new BankService(connection.Client);
            string? session = null;
            while (true)
            {
                try
                {
                    if (session is null)
                    {
                        var choice = await ChooseAsync("What would you like to do?", [LogIn, Register, Quit], ct);
                        if (choice == Quit)
                        {
                            _console.MarkupLine("bye");
                            return ExitCodes.Ok;
                        }

                        session = choice == LogIn ? await LogInAsync(bank, ct) : await RegisterAsync(bank, ct);
                    }
                    else
                    {
                        var choice = await ChooseAsync("Choose an operation",
                            [ShowAccounts, OpenAccount, Deposit, Withdraw, Transfer, Balance, History, LogOut], ct);
                        if (choice == LogOut)
                        {
                            await SpinAsync("logging out…", async () =>
                            {
                                await bank.LogoutAsync(session, ct);
                                return true;
                            });
                            session = null;
                            _console.MarkupLine("logged out");
                            continue;
                        }

                        await RunOperationAsync(bank, session, choice, ct);
                    }
                }
                catch (ClientErrorException e)
                {
                    ShowError(e.Error);
                    if (e.Error.Code == ErrorCodes.NotAuthorized)
                    {
                        session = null;
                    }
                }
            }
        }
    }

    private async Task<string> LogInAsync(BankService bank, CancellationToken ct)
    {
        var user = (await AskAsync(new TextPrompt<string>("Username:"), ct)).Trim().ToLowerInvariant();
        var password = await AskAsync(new TextPrompt<string>("Password:").Secret(), ct);
        var result = await SpinAsync("logging in…", () => bank.LoginAsync(user, password, ct));
        _console.MarkupLine($"[green]welcome, {Markup.Escape(user)}[/]");
        return result.Session;
    }

    private async Task<string> RegisterAsync(BankService bank, CancellationToken ct)
    {
        var user = UserName.Normalize(await AskAsync(
            new TextPrompt<string>($"Choose a username ({UserName.MinLength}-{UserName.MaxLength} letters, digits, . _ -):")
                .Validate(text => Check(UserName.Validate(text))), ct));
        var password = await AskAsync(
            new TextPrompt<string>($"Choose a password ({PasswordRules.MinLength}-{PasswordRules.MaxLength} characters):").Secret()
                .Validate(text => Check(PasswordRules.Validate(text))), ct);
        await AskAsync(
            new TextPrompt<string>("Repeat the password:").Secret()
                .Validate(text => text == password ? ValidationResult.Success() : ValidationResult.Error("[red]the passwords differ[/]")), ct);
        var registered = await SpinAsync("registering…", () => bank.RegisterAsync(user, password, RequestId.New(), ct));
        _console.MarkupLine($"registered [bold]{Markup.Escape(registered.User)}[/] with account [bold]{registered.Account}[/]");
        var login = await SpinAsync("logging in…", () => bank.LoginAsync(user, password, ct));
        _console.MarkupLine($"[green]welcome, {Markup.Escape(user)}[/]");
        return login.Session;
    }

    private async Task RunOperationAsync(BankService bank, string session, string choice, CancellationToken ct)
    {
        switch (choice)
        {
            case ShowAccounts:
                Render.Accounts(_console, await SpinAsync("reading your accounts…", () => bank.AccountsAsync(session, ct)));
                break;
            case OpenAccount:
            {
                var id = RequestId.New();
                var (result, account) = await SpinAsync("opening an account…", () => bank.OpenAccountAsync(session, id, ct));
                Render.Written(_console, result, $"opened account {account}");
                break;
            }

            case Deposit:
            {
                var account = await AskAccountAsync("Account:", ct);
                var amount = await AskAmountAsync(ct);
                Render.Written(_console, await SpinAsync("depositing…", () => bank.DepositAsync(session, account, amount, RequestId.New(), ct)), $"deposited {amount}");
                break;
            }

            case Withdraw:
            {
                var account = await AskAccountAsync("Account:", ct);
                var amount = await AskAmountAsync(ct);
                Render.Written(_console, await SpinAsync("withdrawing…", () => bank.WithdrawAsync(session, account, amount, RequestId.New(), ct)), $"withdrew {amount}");
                break;
            }

            case Transfer:
            {
                var from = await AskAccountAsync("From account:", ct);
                var to = await AskAccountAsync("To account:", ct);
                if (from == to)
                {
                    throw new ClientErrorException(ClientError.BadInput("source and destination are the same account"));
                }

                var amount = await AskAmountAsync(ct);
                var result = await SpinAsync("transferring…", () => bank.TransferAsync(session, from, to, amount, RequestId.New(), ct));
                Render.Written(_console, result, $"transferred {amount} from {from} to {to}");
                break;
            }

            case Balance:
            {
                var account = await AskAccountAsync("Account:", ct);
                Render.Balance(_console, await SpinAsync("reading the balance…", () => bank.BalanceAsync(session, account, ct)));
                break;
            }

            default:
            {
                var account = await AskAccountAsync("Account:", ct);
                Render.History(_console, await SpinAsync("reading the statement…", () => bank.HistoryAsync(session, account, 20, ct)));
                break;
            }
        }
    }

    private Task<string> AskAccountAsync(string label, CancellationToken ct) =>
        AskAsync(new TextPrompt<string>(label).Validate(text =>
            AccountNumber.IsValid(text) ? ValidationResult.Success() : Error($"'{text}' is not an account number (10 digits)")), ct);

    private async Task<Money> AskAmountAsync(CancellationToken ct)
    {
        var text = await AskAsync(new TextPrompt<string>("Amount (e.g. 12.34):").Validate(t =>
            Money.TryParseAmount(t, out _, out var error) ? ValidationResult.Success() : Error(error)), ct);
        return InputRules.Amount(text);
    }

    private Task<string> ChooseAsync(string title, string[] choices, CancellationToken ct) =>
        new SelectionPrompt<string>().Title(title).AddChoices(choices).ShowAsync(_console, ct);

    private Task<string> AskAsync(TextPrompt<string> prompt, CancellationToken ct) => prompt.ShowAsync(_console, ct);

    private async Task<T> SpinAsync<T>(string status, Func<Task<T>> work) =>
        await _console.Status().Spinner(Spinner.Known.Dots).StartAsync(status, _ => work());

    private void ShowError(ClientError error) =>
        _console.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");

    private static ValidationResult Check(string? problem) => problem is null ? ValidationResult.Success() : Error(problem);

    private static ValidationResult Error(string message) => ValidationResult.Error($"[red]{Markup.Escape(message)}[/]");
}
