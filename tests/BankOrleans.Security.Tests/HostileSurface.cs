using System.Reflection;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Security.Tests;

/// <summary>
/// Every method a client could name: each method of each grain interface in the contracts
/// assembly, found by reflection (so a new interface or method is attacked without editing the
/// suite), plus Orleans' management grain.
/// </summary>
public static class HostileSurface
{
    /// <summary>The grain interfaces attacked.</summary>
    public static IReadOnlyList<Type> Interfaces { get; } =
    [
        .. typeof(IAccountGrain).Assembly.GetExportedTypes()
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t) && !t.IsGenericTypeDefinition)
            .OrderBy(t => t.FullName, StringComparer.Ordinal),
        typeof(IManagementGrain),
    ];

    /// <summary>The methods of <paramref name="grainInterface"/> itself and of the bank's interfaces it extends.</summary>
    public static IEnumerable<MethodInfo> MethodsOf(Type grainInterface) =>
        new[] { grainInterface }
            .Concat(grainInterface.GetInterfaces().Where(i => i.Assembly == grainInterface.Assembly))
            .SelectMany(i => i.GetMethods())
            .Where(m => !m.IsGenericMethodDefinition && IsAsync(m.ReturnType));

    private static bool IsAsync(Type returnType) =>
        typeof(Task).IsAssignableFrom(returnType) || returnType == typeof(ValueTask)
        || (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>));

    /// <summary>The grains of <paramref name="grainInterface"/> to call: the victim's account, name and user record for string keys, a master's for integer keys (and the write entry's own key).</summary>
    internal static IEnumerable<IAddressable> GrainsOf(IGrainFactory grains, Type grainInterface, AttackTargets targets)
    {
        if (typeof(IGrainWithStringKey).IsAssignableFrom(grainInterface))
        {
            yield return grains.GetGrain(grainInterface, targets.Victim.FirstAccount);
            yield return grains.GetGrain(grainInterface, targets.Victim.User);
            // The replicated user record (password record, session epoch) is an object like an account.
            yield return grains.GetGrain(grainInterface, ObjectKeys.User(targets.Victim.User));
        }
        else if (grainInterface == typeof(IManagementGrain))
        {
            yield return grains.GetGrain<IManagementGrain>(0);
        }
        else if (typeof(IGrainWithIntegerKey).IsAssignableFrom(grainInterface))
        {
            if (grainInterface == typeof(IAccountWritesGrain))
            {
                // The write entry's one real key, besides the key every integer-keyed grain gets.
                yield return grains.GetGrain(grainInterface, AccountWrites.Key);
            }

            // Key 1 places on every bank grain class (master-1's pinned grains; any key for singletons).
            yield return grains.GetGrain(grainInterface, 1);
        }
        else if (typeof(IGrainWithGuidKey).IsAssignableFrom(grainInterface))
        {
            yield return grains.GetGrain(grainInterface, Guid.Empty);
        }
    }

    /// <summary>Whether a call of <paramref name="method"/> is one-way (no answer to refuse with).</summary>
    public static bool IsOneWay(MethodInfo method) => method.GetCustomAttribute<Orleans.Concurrency.OneWayAttribute>() is not null;

    /// <summary>Calls <paramref name="method"/> on <paramref name="grain"/> and returns its answer (null for a Task).</summary>
    public static async Task<object?> InvokeAsync(IAddressable grain, MethodInfo method, object?[] arguments)
    {
        object? returned;
        try
        {
            returned = method.Invoke(grain, arguments);
        }
        catch (TargetInvocationException thrown) when (thrown.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(thrown.InnerException);
            throw;
        }

        switch (returned)
        {
            case Task task:
                await task.WaitAsync(TimeSpan.FromSeconds(20));
                return method.ReturnType.IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask.AsTask().WaitAsync(TimeSpan.FromSeconds(20));
                return null;
            default:
                // ValueTask<T>: AsTask() and await as a Task.
                var asTask = (Task)returned!.GetType().GetMethod("AsTask")!.Invoke(returned, null)!;
                await asTask.WaitAsync(TimeSpan.FromSeconds(20));
                return asTask.GetType().GetProperty("Result")!.GetValue(asTask);
        }
    }
}
