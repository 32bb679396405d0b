namespace BankOrleans.Grains.Users;

/// <summary>
/// Per-user throttling of failed logins: after <c>allowed</c> failures in a row every further
/// attempt must wait a delay that doubles per failure, up to a ceiling. A success resets it.
/// Kept in the user grain's memory: a silo restart forgets it, which only shortens one delay.
/// </summary>
internal sealed class LoginThrottle(int allowed, TimeSpan first, TimeSpan max)
{
    private int _failures;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    /// <summary>How long the caller must still wait at <paramref name="now"/>, or null if an attempt is allowed.</summary>
    public TimeSpan? WaitAt(DateTimeOffset now) => now < _blockedUntil ? _blockedUntil - now : null;

    /// <summary>Records a failed attempt at <paramref name="now"/>.</summary>
    public void Failed(DateTimeOffset now)
    {
        _failures++;
        if (_failures >= allowed)
        {
            var doublings = Math.Min(_failures - allowed, 30);
            var delay = TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (1L << doublings)));
            _blockedUntil = now + delay;
        }
    }

    /// <summary>Records a successful login.</summary>
    public void Succeeded()
    {
        _failures = 0;
        _blockedUntil = DateTimeOffset.MinValue;
    }
}
