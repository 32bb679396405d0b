using System.Globalization;

namespace BankOrleans.Contracts;

/// <summary>
/// An amount of money in integer cents. Money never passes through floating point:
/// it is parsed from a decimal string with at most two fractional digits and all
/// arithmetic is checked for overflow.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct Money([property: Id(0)] long Cents) : IComparable<Money>
{
    /// <summary>The largest amount one operation may move: 1,000,000,000.00.</summary>
    public static readonly Money MaxPerOperation = new(100_000_000_000L);

    /// <summary>Zero.</summary>
    public static readonly Money Zero = new(0);

    /// <summary>
    /// Parses an operation amount: a positive decimal with at most two fractional digits,
    /// no sign, no exponent, no thousands separators, at most <see cref="MaxPerOperation"/>.
    /// </summary>
    /// <returns>True with the amount, or false with a message naming the problem.</returns>
    public static bool TryParseAmount(string? text, out Money amount, out string error)
    {
        amount = Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "amount is missing";
            return false;
        }

        if (text != text.Trim())
        {
            error = $"amount '{text}' is not a decimal number like 12.34";
            return false;
        }

        var s = text;
        var dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? "" : s[(dot + 1)..];
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || (dot >= 0 && fraction.Length == 0))
        {
            error = $"amount '{text}' is not a decimal number like 12.34";
            return false;
        }

        if (fraction.Length > 2)
        {
            error = $"amount '{text}' has more than 2 decimal places";
            return false;
        }

        // 13 integer digits already exceed the per-operation limit; refusing longer input avoids overflow.
        var trimmedWhole = whole.TrimStart('0');
        if (trimmedWhole.Length > 12)
        {
            error = $"amount '{text}' exceeds the limit of {MaxPerOperation} per operation";
            return false;
        }

        var cents = (trimmedWhole.Length == 0 ? 0 : long.Parse(trimmedWhole, CultureInfo.InvariantCulture)) * 100
                    + (fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture));
        if (cents <= 0)
        {
            error = "amount must be greater than 0";
            return false;
        }

        if (cents > MaxPerOperation.Cents)
        {
            error = $"amount '{text}' exceeds the limit of {MaxPerOperation} per operation";
            return false;
        }

        amount = new Money(cents);
        error = "";
        return true;
    }

    /// <summary>Adds, throwing <see cref="OverflowException"/> instead of wrapping.</summary>
    public Money CheckedAdd(Money other) => new(checked(Cents + other.Cents));

    /// <summary>Subtracts, throwing <see cref="OverflowException"/> instead of wrapping.</summary>
    public Money CheckedSubtract(Money other) => new(checked(Cents - other.Cents));

    /// <inheritdoc />
    public int CompareTo(Money other) => Cents.CompareTo(other.Cents);

    /// <summary>Formats as a plain decimal string with two fractional digits, e.g. "12.34" or "-0.50".</summary>
    public override string ToString()
    {
        var sign = Cents < 0 ? "-" : "";
        var abs = Cents == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(Cents);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{abs / 100}.{abs % 100:D2}");
    }
}
