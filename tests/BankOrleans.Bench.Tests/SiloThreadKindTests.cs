using BankOrleans.Bench.Measurement;

namespace BankOrleans.Bench.Tests;

public sealed class SiloThreadKindTests
{
    [Theory]
    [InlineData("replica-writer", SiloThreadKind.ReplicaWriter)]
    [InlineData("password-hashin", SiloThreadKind.PasswordHashing)]
    [InlineData(".NET BGC", SiloThreadKind.Gc)]
    [InlineData(".NET Server GC", SiloThreadKind.Gc)]
    [InlineData(".NET Tiered Com", SiloThreadKind.Jit)]
    [InlineData(".NET TP Worker", SiloThreadKind.Other)]
    [InlineData(".NET Sockets", SiloThreadKind.Other)]
    [InlineData("dotnet", SiloThreadKind.Other)]
    public void Threads_are_known_by_the_names_the_silos_and_the_runtime_give_them(string name, string kind) =>
        Assert.Equal(kind, SiloThreadKind.Of(name));
}
