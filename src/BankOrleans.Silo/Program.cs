using BankOrleans.Silo.Hosting;
using Microsoft.Extensions.Hosting;

// A bank silo: dotnet BankOrleans.Silo.dll --config silo-config/master-1.json
return await BankSiloProcess.RunAsync(args, static (builder, configPath) =>
{
    builder.Configuration.AddBankSiloConfiguration(configPath);      // the JSON file + BANK_* variables
    builder.Logging.AddBankSiloLogging(builder.Configuration);       // single-line console log
    builder.UseOrleans(silo => silo.UseBankSilo(builder.Configuration));
});
