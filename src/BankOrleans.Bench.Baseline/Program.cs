using BankOrleans.Bench.Baseline;
using Microsoft.Extensions.Hosting;

// A baseline silo, started by the benchmark (bank-bench) as a child process:
// dotnet BankOrleans.Bench.Baseline.dll --index 0 --silo-port P --gateway-port G --primary-port P0 --storage sqlite --data DIR
BaselineSiloOptions options;
try
{
    options = BaselineSiloOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"baseline silo: {exception.Message}");
    return 2;
}

if (options.Storage == BaselineStorageKind.Sqlite)
{
    await BaselineStorage.EnsureSchemaAsync(options.StorageFile, CancellationToken.None);
}

var builder = Host.CreateApplicationBuilder();
builder.UseBaselineSilo(options);
await builder.Build().RunAsync();
return 0;
