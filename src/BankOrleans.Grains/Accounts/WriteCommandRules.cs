using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Grains.Accounts;

/// <summary>The input checks of a customer write, before any session check or protocol round.</summary>
internal static class WriteCommandRules
{
    /// <summary>Why <paramref name="command"/> is bad input, or null when it is well formed (the session is checked apart, <see cref="GatewayInput.Session"/>).</summary>
    public static string? Check(WriteCommand? command)
    {
        if (command is null)
        {
            return "no command";
        }

        if ((GatewayInput.RequestId(command.RequestId) ?? GatewayInput.Account(command.Account)) is { } problem)
        {
            return problem;
        }

        switch (command.Kind)
        {
            case OperationKind.OpenAccount:
                return command.Counterparty is not null ? "an open has no destination"
                    : command.AmountCents == 0 ? null
                    : AmountProblem(command.AmountCents);
            case OperationKind.Deposit or OperationKind.Withdraw:
                return command.Counterparty is null ? AmountProblem(command.AmountCents) : "only a transfer has a destination";
            case OperationKind.Transfer:
                if (!AccountNumber.IsValid(command.Counterparty))
                {
                    return $"destination '{GatewayInput.Shown(command.Counterparty)}' is not an account number (10 digits)";
                }

                return command.Counterparty == command.Account ? "source and destination are the same account" : AmountProblem(command.AmountCents);
            default:
                return $"{command.Kind} is not a customer write";
        }
    }

    /// <summary>
    /// The <c>bad_input</c> answer to <paramref name="command"/> with <paramref name="session"/>, or
    /// null when both are well formed: the one refusal of the write entry and the write leader alike.
    /// </summary>
    public static WriteResult? Refusal(WriteCommand? command, string? session, string servedBy) =>
        (Check(command) ?? GatewayInput.Session(session)) is { } problem
            ? WriteResult.Failed(ErrorCodes.BadInput, problem, ShownRequestId(command), servedBy)
            : null;

    /// <summary>The command's request id as an answer may echo it: empty unless it is well formed.</summary>
    public static string ShownRequestId(WriteCommand? command) =>
        command is not null && RequestId.IsValid(command.RequestId) ? command.RequestId : "";

    private static string? AmountProblem(long amountCents) =>
        amountCents <= 0 || amountCents > Money.MaxPerOperation.Cents ? $"amount must be between 0.01 and {Money.MaxPerOperation}" : null;
}
