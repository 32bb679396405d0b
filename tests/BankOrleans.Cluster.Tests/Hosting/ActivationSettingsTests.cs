using BankOrleans.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace BankOrleans.Cluster.Tests.Hosting;

/// <summary>
/// <c>Bank:Activations</c> reaches Orleans: how many grain addresses a silo caches, which bounds
/// the per-second walk of Orleans' directory-cache counter.
/// </summary>
public sealed class ActivationSettingsTests
{
    [Fact]
    public void By_default_the_directory_caches_fifty_thousand()
    {
        using var host = Silo([]);

        Assert.Equal(50_000, host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
    }

    [Fact]
    public void A_configured_cache_size_replaces_orleans_default()
    {
        using var host = Silo(new()
        {
            ["Bank:Activations:DirectoryCacheSize"] = "1234",
        });

        Assert.Equal(1234, host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
    }

    [Theory]
    [InlineData("DirectoryCacheSize", "0", "Bank:Activations:DirectoryCacheSize must be at least 1")]
    public void Unworkable_values_are_refused_by_name(string setting, string value, string expected)
    {
        using var host = Silo(new() { [$"Bank:Activations:{setting}"] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ActivationOptions>>().Value);
        Assert.Equal([expected], refused.Failures);
    }

    // A silo's services, built but never started: the options are all this test needs.
    private static IHost Silo(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.AddBankGrains(configuration, _ => Path.Combine(Path.GetTempPath(), "unused.db")));
        return builder.Build();
    }
}
