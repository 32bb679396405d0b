using BankOrleans.Contracts;

namespace BankOrleans.Protocol.Tests;

/// <summary>Money: parsing operation amounts and formatting balances (integer cents, no floating point).</summary>
public sealed class MoneyTests
{
    [Theory]
    [InlineData("1", 100L)]
    [InlineData("0.01", 1L)]
    [InlineData("12.3", 1230L)]
    [InlineData("12.34", 1234L)]
    [InlineData("1000000000.00", 100_000_000_000L)]
    [InlineData("1000000000", 100_000_000_000L)]
    [InlineData("007.50", 750L)]
    [InlineData("0000000000001.00", 100L)]
    public void TryParseAmount_accepts_a_positive_decimal_with_at_most_two_places(string text, long cents)
    {
        var ok = Money.TryParseAmount(text, out var amount, out var error);

        Assert.True(ok);
        Assert.Equal(new Money(cents), amount);
        Assert.Equal("", error);
    }

    [Fact]
    public void TryParseAmount_accepts_exactly_the_per_operation_limit()
    {
        Assert.True(Money.TryParseAmount(Money.MaxPerOperation.ToString(), out var amount, out _));
        Assert.Equal(Money.MaxPerOperation, amount);
    }

    [Theory]
    [InlineData(null, "amount is missing")]
    [InlineData("", "amount is missing")]
    [InlineData("   ", "amount is missing")]
    [InlineData("0", "amount must be greater than 0")]
    [InlineData("0.00", "amount must be greater than 0")]
    [InlineData("000", "amount must be greater than 0")]
    [InlineData("-1", "amount '-1' is not a decimal number like 12.34")]
    [InlineData("+1", "amount '+1' is not a decimal number like 12.34")]
    [InlineData("1.234", "amount '1.234' has more than 2 decimal places")]
    [InlineData("0.001", "amount '0.001' has more than 2 decimal places")]
    [InlineData("1e3", "amount '1e3' is not a decimal number like 12.34")]
    [InlineData("1,000", "amount '1,000' is not a decimal number like 12.34")]
    [InlineData("1 000", "amount '1 000' is not a decimal number like 12.34")]
    [InlineData("1.2.3", "amount '1.2.3' is not a decimal number like 12.34")]
    [InlineData(".5", "amount '.5' is not a decimal number like 12.34")]
    [InlineData("5.", "amount '5.' is not a decimal number like 12.34")]
    [InlineData("abc", "amount 'abc' is not a decimal number like 12.34")]
    [InlineData("\u0661\u0662", "amount '\u0661\u0662' is not a decimal number like 12.34")]
    [InlineData("1000000000.01", "amount '1000000000.01' exceeds the limit of 1000000000.00 per operation")]
    [InlineData("1000000001", "amount '1000000001' exceeds the limit of 1000000000.00 per operation")]
    [InlineData("9999999999999", "amount '9999999999999' exceeds the limit of 1000000000.00 per operation")]
    [InlineData("123456789012345678901234567890", "amount '123456789012345678901234567890' exceeds the limit of 1000000000.00 per operation")]
    [InlineData("123456789012345678901234567890.99", "amount '123456789012345678901234567890.99' exceeds the limit of 1000000000.00 per operation")]
    public void TryParseAmount_rejects_with_a_message_naming_the_problem(string? text, string message)
    {
        var ok = Money.TryParseAmount(text, out var amount, out var error);

        Assert.False(ok);
        Assert.Equal(Money.Zero, amount);
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData(" 12")]
    [InlineData("12 ")]
    [InlineData("\t12")]
    public void TryParseAmount_rejects_surrounding_whitespace(string text)
    {
        var ok = Money.TryParseAmount(text, out var amount, out var error);

        Assert.False(ok);
        Assert.Equal(Money.Zero, amount);
        Assert.Equal($"amount '{text}' is not a decimal number like 12.34", error);
    }

    [Theory]
    [InlineData(0L, "0.00")]
    [InlineData(1L, "0.01")]
    [InlineData(10L, "0.10")]
    [InlineData(100L, "1.00")]
    [InlineData(1234L, "12.34")]
    [InlineData(100_000_000_000L, "1000000000.00")]
    [InlineData(-1L, "-0.01")]
    [InlineData(-50L, "-0.50")]
    [InlineData(-1234L, "-12.34")]
    [InlineData(long.MaxValue, "92233720368547758.07")]
    [InlineData(long.MinValue, "-92233720368547758.08")]
    public void ToString_formats_cents_as_a_plain_decimal_with_two_places(long cents, string text)
    {
        Assert.Equal(text, new Money(cents).ToString());
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(99L)]
    [InlineData(1230L)]
    [InlineData(100_000_000_000L)]
    public void A_formatted_amount_parses_back_to_the_same_cents(long cents)
    {
        Assert.True(Money.TryParseAmount(new Money(cents).ToString(), out var amount, out _));
        Assert.Equal(cents, amount.Cents);
    }

    [Fact]
    public void Checked_arithmetic_throws_instead_of_wrapping()
    {
        Assert.Equal(new Money(300), new Money(100).CheckedAdd(new Money(200)));
        Assert.Equal(new Money(-100), new Money(100).CheckedSubtract(new Money(200)));
        Assert.Throws<OverflowException>(() => new Money(long.MaxValue).CheckedAdd(new Money(1)));
        Assert.Throws<OverflowException>(() => new Money(long.MinValue).CheckedSubtract(new Money(1)));
    }

    [Fact]
    public void Amounts_compare_by_cents()
    {
        Assert.True(new Money(1).CompareTo(new Money(2)) < 0);
        Assert.True(new Money(2).CompareTo(new Money(1)) > 0);
        Assert.Equal(0, new Money(5).CompareTo(new Money(5)));
    }
}
