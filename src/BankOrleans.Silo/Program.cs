using BankOrleans.Silo.Hosting;
using Microsoft.Extensions.Hosting;

// A bank silo: dotnet BankOrleans.Silo.dll --config silo-config/master-1.json [--probe live|ready]
return await BankSiloProcess.RunAsync(args, static (builder, configPath) =>
{
    builder.Configuration.AddBankSiloConfiguration(configPath);      // the JSON file + BANK_* variables
    builder.Logging.AddBankSiloLogging(builder.Configuration);       // one JSON object per log line
    builder.AddBankOperations();                                     // health, dashboard listener, OpenTelemetry
    builder.UseOrleans(silo => silo.UseBankSilo(builder.Configuration));
}, static app => app.MapBankOperations());                          // /health/*, /dashboard/ behind the operator token
