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

    private static string? AmountProblem(long amountCents) =>
        amountCents <= 0 || amountCents > Money.MaxPerOperation.Cents ? $"amount must be between 0.01 and {Money.MaxPerOperation}" : null;
}
