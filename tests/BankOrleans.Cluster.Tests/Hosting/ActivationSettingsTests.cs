using BankOrleans.Grains.Accounts;
using BankOrleans.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace BankOrleans.Cluster.Tests.Hosting;

/// <summary>
/// <c>Bank:Activations</c> reaches Orleans: how long an idle account grain lives and how many
/// grain addresses a silo caches, which bound the per-second walks of Orleans' counters.
/// </summary>
public sealed class ActivationSettingsTests
{
    [Fact]
    public void By_default_an_idle_account_lives_ninety_seconds_and_the_directory_caches_fifty_thousand()
    {
        using var host = Silo([]);

        Assert.Equal(TimeSpan.FromSeconds(90), AccountAge(host));
        Assert.Equal(50_000, host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
    }

    [Fact]
    public void Configured_values_replace_orleans_defaults()
    {
        using var host = Silo(new()
        {
            ["Bank:Activations:AccountIdleLifetime"] = "00:05:00",
            ["Bank:Activations:DirectoryCacheSize"] = "1234",
        });

        Assert.Equal(TimeSpan.FromMinutes(5), AccountAge(host));
        Assert.Equal(1234, host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
    }

    [Theory]
    [InlineData("AccountIdleLifetime", "00:01:00", "Bank:Activations:AccountIdleLifetime must be longer than 00:01:00 (Orleans' collection quantum)")]
    [InlineData("AccountIdleLifetime", "00:00:10", "Bank:Activations:AccountIdleLifetime must be longer than 00:01:00 (Orleans' collection quantum)")]
    [InlineData("DirectoryCacheSize", "0", "Bank:Activations:DirectoryCacheSize must be at least 1")]
    public void Unworkable_values_are_refused_by_name(string setting, string value, string expected)
    {
        using var host = Silo(new() { [$"Bank:Activations:{setting}"] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ActivationOptions>>().Value);
        Assert.Equal([expected], refused.Failures);
    }

    private static TimeSpan AccountAge(IHost host) =>
        host.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.ClassSpecificCollectionAge[typeof(AccountGrain).FullName!];

    // A silo's services, built but never started: the options are all this test needs.
    private static IHost Silo(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.AddBankGrains(configuration, _ => Path.Combine(Path.GetTempPath(), "unused.db"), isMaster: true));
        return builder.Build();
    }
}
