using System.Net;
using BankOrleans.Silo.Configuration;
using BankOrleans.Silo.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace BankOrleans.Silo.Hosting;

/// <summary>
/// What an operator sees of a silo besides its grains: the health endpoints, the dashboard
/// (on the silo with <c>Dashboard:Port</c>), OpenTelemetry export. <see cref="AddBankOperations"/>
/// adds the services and Kestrel listeners; <see cref="MapBankOperations"/> maps the endpoints.
/// </summary>
public static class BankOperationsHostingExtensions
{
    /// <summary>
    /// Adds Kestrel (listening only on <c>Health:Port</c> and, when set, <c>Dashboard:Port</c>),
    /// routing, the operations options with their validators and OpenTelemetry.
    /// </summary>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddBankOperations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRouting();
        builder.Services.AddBankOperationsOptions(builder.Configuration);
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<HealthEndpointOptions>, IOptions<DashboardEndpointOptions>>(
            (kestrel, health, dashboard) =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Listen(IPAddress.Parse(health.Value.ListenIPAddress), health.Value.Port);
                if (dashboard.Value.Enabled)
                {
                    kestrel.Listen(IPAddress.Parse(dashboard.Value.ListenIPAddress), dashboard.Value.Port);
                }
            });
        builder.Services.AddBankTelemetry(builder.Configuration);
        return builder;
    }

    /// <summary>Maps the operator gate, <c>/health/live</c>, <c>/health/ready</c> and, when enabled, the dashboard under <c>/dashboard/</c>.</summary>
    /// <returns>The same application.</returns>
    public static WebApplication MapBankOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<OperatorGate>();
        app.MapBankHealth();
        if (app.Services.GetRequiredService<IOptions<DashboardEndpointOptions>>().Value.Enabled)
        {
            app.MapOrleansDashboard(DashboardEndpointOptions.RoutePrefix);
        }

        return app;
    }

    /// <summary>Binds the <c>Health</c>, <c>Dashboard</c>, <c>Telemetry</c> and <c>Bank:Security</c> sections with their validators.</summary>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddBankOperationsOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthEndpointOptions>().Bind(configuration.GetSection(HealthEndpointOptions.SectionName)).ValidateOnStart();
        services.AddOptions<DashboardEndpointOptions>().Bind(configuration.GetSection(DashboardEndpointOptions.SectionName)).ValidateOnStart();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName)).ValidateOnStart();
        services.AddOptions<OperatorCredentialOptions>().Bind(configuration.GetSection(OperatorCredentialOptions.SectionName));
        services.AddSingleton<IPostConfigureOptions<OperatorCredentialOptions>, OperatorCredentialPostConfigure>();
        services.AddSingleton<IValidateOptions<HealthEndpointOptions>, HealthEndpointOptionsValidator>();
        services.AddSingleton<IValidateOptions<DashboardEndpointOptions>, DashboardEndpointOptionsValidator>();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        return services;
    }
}
