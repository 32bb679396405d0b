using BankOrleans.Client.Cli;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Client.Banking;

/// <summary>
/// The client's checks of user input, shared by the scripted commands and the interactive console
/// so that both say the same thing (exit 2, before any call; the grains check again).
/// </summary>
public static class InputRules
{
    /// <summary>A well-formed account number, or <c>bad_input</c>.</summary>
    public static string Account(string? text) =>
        AccountNumber.IsValid(text)
            ? text!
            : throw new ClientErrorException(ClientError.BadInput($"'{text}' is not an account number (10 digits)"));

    /// <summary>A valid amount, or <c>bad_input</c> naming the problem.</summary>
    public static Money Amount(string? text) =>
        Money.TryParseAmount(text, out var money, out var error)
            ? money
            : throw new ClientErrorException(ClientError.BadInput(error));

    /// <summary>A valid username in its normalized form, or <c>bad_input</c> naming the broken rule.</summary>
    public static string User(string? text) =>
        UserName.Validate(text) is { } problem
            ? throw new ClientErrorException(ClientError.BadInput(problem))
            : UserName.Normalize(text!);

    /// <summary>A password that satisfies the registration rules, or <c>bad_input</c> naming the broken rule.</summary>
    public static string NewPassword(string? text) =>
        PasswordRules.Validate(text) is { } problem
            ? throw new ClientErrorException(ClientError.BadInput(problem))
            : text!;

    /// <summary>A valid request id (a fresh one when none is given), or <c>bad_input</c>.</summary>
    public static string RequestIdOrNew(string? given)
    {
        var id = given ?? RequestId.New();
        return RequestId.IsValid(id)
            ? id
            : throw new ClientErrorException(ClientError.BadInput("--request-id must be 1-64 letters, digits or -_.:"));
    }

    /// <summary>A history limit between 1 and <see cref="Statement.MaxLimit"/>, or <c>bad_input</c>.</summary>
    public static int Limit(int limit) =>
        limit is >= 1 and <= Statement.MaxLimit
            ? limit
            : throw new ClientErrorException(ClientError.BadInput($"--limit must be between 1 and {Statement.MaxLimit}"));

    /// <summary>The session token, or <c>not_authorized</c> telling how to get one.</summary>
    public static string Session(string? token) =>
        string.IsNullOrWhiteSpace(token)
            ? throw new ClientErrorException(ClientError.FromServer(ErrorCodes.NotAuthorized,
                "not logged in: run './bank login <user>' and pass the session with --session or BANK_SESSION"))
            : token;
}
