using BankOrleans.Grains.Security;

namespace BankOrleans.Cluster.Tests.Customers;

/// <summary>A silo refuses to start with password-hashing settings that cannot work, and says which.</summary>
public sealed class PasswordHashingSettingsTests
{
    private static readonly string Key = Convert.ToBase64String(new byte[SecurityOptionsValidator.MinKeyBytes]);

    [Fact]
    public void The_defaults_are_accepted()
    {
        Assert.True(new SecurityOptionsValidator().Validate(null, new SecurityOptions { SessionKey = Key }).Succeeded);
    }

    [Theory]
    [InlineData(0, 16, 4.0, "Bank:Security:PasswordHashingThreads must be between 1 and 64")]
    [InlineData(65, 16, 4.0, "Bank:Security:PasswordHashingThreads must be between 1 and 64")]
    [InlineData(2, 0, 4.0, "Bank:Security:PasswordHashingQueue must be at least 1")]
    [InlineData(2, 16, 0.0, "Bank:Security:PasswordHashingMaxWait must be positive")]
    [InlineData(2, 16, -1.0, "Bank:Security:PasswordHashingMaxWait must be positive")]
    public void Unworkable_hashing_settings_are_refused_by_name(int threads, int queue, double maxWaitSeconds, string expected)
    {
        var options = new SecurityOptions
        {
            SessionKey = Key,
            PasswordHashingThreads = threads,
            PasswordHashingQueue = queue,
            PasswordHashingMaxWait = TimeSpan.FromSeconds(maxWaitSeconds),
        };

        var result = new SecurityOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal([expected], result.Failures);
    }
}
