using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Users;
using BankOrleans.Grains.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BankOrleans.Cluster.Tests.Customers;

/// <summary>What logins and registrations answer while every master's password hashing is full.</summary>
[Collection(BankClusterCollection.Name)]
public sealed class BusyPasswordHashingTests(BankClusterFixture fixture)
{
    private const string Password = "busy hashing password 1";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_full_hashing_queue_refuses_logins_and_registrations_as_unavailable_without_counting_failed_attempts()
    {
        var name = $"busy-{Guid.NewGuid():N}"[..20];
        var user = fixture.Client.GetGrain<IUserGrain>(name);
        Assert.True((await user.Register(RequestId.New(), Password)).Ok);

        using var release = new ManualResetEventSlim();
        var held = new List<Task<int>>();
        try
        {
            foreach (var master in new[] { "master-1", "master-2", "master-3" })
            {
                held.AddRange(await FillAsync(fixture.Silo(master).SiloHost.Services, release));
            }

            // More refusals than FailedLoginsBeforeThrottling (3): none may count as a failure.
            for (var i = 0; i < 4; i++)
            {
                var login = await user.Login(Password);
                Assert.Equal((ErrorCodes.Unavailable, PasswordHashingQueue.BusyMessage), (login.Error, login.Message));
            }

            var registration = await fixture.Client.GetGrain<IUserGrain>($"busy-{Guid.NewGuid():N}"[..20]).Register(RequestId.New(), Password);
            Assert.Equal((ErrorCodes.Unavailable, PasswordHashingQueue.BusyMessage), (registration.Error, registration.Message));
        }
        finally
        {
            release.Set();
            // The fillers that waited past PasswordHashingMaxWait (a slow machine) fail as busy instead of running.
            foreach (var filler in held)
            {
                try
                {
                    await filler.WaitAsync(Bound);
                }
                catch (PasswordHashingBusyException)
                {
                }
            }
        }

        var after = await user.Login(Password);
        Assert.True(after.Ok, after.Message);
    }

    // Occupies every hashing thread of one silo with work that waits for release, then fills its queue.
    private static async Task<List<Task<int>>> FillAsync(IServiceProvider services, ManualResetEventSlim release)
    {
        var queue = services.GetRequiredService<PasswordHashingQueue>();
        var security = services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var held = new List<Task<int>>();
        using var running = new CountdownEvent(security.PasswordHashingThreads);
        for (var i = 0; i < security.PasswordHashingThreads; i++)
        {
            Assert.True(queue.TryRun(() => { running.Signal(); release.Wait(Bound); return 0; }, out var busy));
            held.Add(busy);
        }

        Assert.True(await Task.Run(() => running.Wait(Bound)));
        for (var i = 0; i < security.PasswordHashingQueue; i++)
        {
            Assert.True(queue.TryRun(() => { release.Wait(Bound); return 0; }, out var waiting));
            held.Add(waiting);
        }

        Assert.False(queue.TryRun(() => 0, out _));
        return held;
    }
}
