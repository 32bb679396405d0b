using System.Reflection;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Security.Tests;

/// <summary>
/// Makes the arguments a hostile client sends, for any parameter type, by reflection: nulls,
/// extremes, oversized strings, the victim's identifiers and the credentials of one
/// <see cref="AttackVariant"/>. Records and classes are built through their widest constructor,
/// so a new message type needs no code here.
/// </summary>
internal sealed class ArgumentForge(AttackTargets targets)
{
    private const int MaxDepth = 3;

    /// <summary>The arguments for <paramref name="method"/> under <paramref name="variant"/>.</summary>
    public object?[] For(MethodInfo method, AttackVariant variant) =>
        [.. method.GetParameters().Select(p => Make(p.ParameterType, p.Name ?? "", variant, 0))];

    private object? Make(Type type, string name, AttackVariant variant, int depth)
    {
        if (variant == AttackVariant.Nulls && !type.IsValueType)
        {
            return null;
        }

        if (type == typeof(string))
        {
            return MakeString(name, variant);
        }

        if (type == typeof(long))
        {
            return variant switch
            {
                AttackVariant.Oversized => long.MaxValue,
                AttackVariant.Nulls => long.MinValue,
                AttackVariant.RevokedSession => -1L,
                _ => 100L,
            };
        }

        if (type == typeof(int))
        {
            return variant switch
            {
                AttackVariant.Oversized => int.MaxValue,
                AttackVariant.Nulls => int.MinValue,
                AttackVariant.RevokedSession => -1,
                _ => 10,
            };
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type.IsEnum)
        {
            // An unknown value: the numbers a client may put where an enum is expected.
            return variant == AttackVariant.Oversized ? Enum.ToObject(type, 9_999) : Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1);
        }

        if (type == typeof(Ballot))
        {
            // A ballot above any a council has issued: what a forged accept would claim.
            return new Ballot(long.MaxValue / 2, long.MaxValue / 2, 3);
        }

        if (type == typeof(CancellationToken))
        {
            return CancellationToken.None;
        }

        if (type == typeof(TimeSpan))
        {
            return TimeSpan.Zero;
        }

        if (type == typeof(DateTimeOffset))
        {
            return DateTimeOffset.UnixEpoch;
        }

        if (type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(List<>)
                || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>))))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            var count = variant == AttackVariant.Oversized && element == typeof(string) ? 100_000 : 1;
            var array = Array.CreateInstance(element, count);
            // Many short elements, not many megabyte ones: the list's length is the attack here.
            var one = depth < MaxDepth ? Make(element, name, count > 1 ? AttackVariant.ForgedSession : variant, depth + 1) : null;
            for (var i = 0; i < count; i++)
            {
                array.SetValue(one, i);
            }

            return array;
        }

        if (depth < MaxDepth && !type.IsAbstract && !type.IsInterface
            && type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault() is { } constructor)
        {
            try
            {
                return constructor.Invoke([.. constructor.GetParameters().Select(p => Make(p.ParameterType, p.Name ?? "", variant, depth + 1))]);
            }
            catch (TargetInvocationException)
            {
                // The type's own constructor refused the values: a client could still send them, but this forge cannot build them.
            }
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }

    private string MakeString(string name, AttackVariant variant)
    {
        if (variant == AttackVariant.Oversized)
        {
            return new string('9', 1 << 20);
        }

        var lower = name.ToLowerInvariant();
        if (lower.Contains("session", StringComparison.Ordinal))
        {
            return variant switch
            {
                AttackVariant.ForgedSession => targets.ForgedSession,
                AttackVariant.RevokedSession => targets.RevokedSession,
                _ => targets.AttackerSession,
            };
        }

        if (lower.Contains("operator", StringComparison.Ordinal))
        {
            return "not-the-operator-token";
        }

        if (lower.Contains("password", StringComparison.Ordinal))
        {
            return "guessed password 1";
        }

        if (lower.Contains("request", StringComparison.Ordinal) || lower.Contains("txid", StringComparison.Ordinal) || lower.Contains("coordinator", StringComparison.Ordinal))
        {
            return $"hostile-{Guid.NewGuid():N}";
        }

        if (lower.Contains("owner", StringComparison.Ordinal) || lower.Contains("user", StringComparison.Ordinal) || lower.Contains("actor", StringComparison.Ordinal))
        {
            return targets.Victim.User;
        }

        // Destinations point at the attacker, sources and everything else at the victim.
        return lower is "to" or "counterparty" ? targets.Attacker.FirstAccount : targets.Victim.FirstAccount;
    }
}

/// <summary>What a hostile call carries besides the victim's identifiers.</summary>
public enum AttackVariant
{
    /// <summary>Null in every reference argument, the smallest numbers.</summary>
    Nulls,

    /// <summary>A session token for the victim with a made-up MAC.</summary>
    ForgedSession,

    /// <summary>The attacker's own session after its logout.</summary>
    RevokedSession,

    /// <summary>The attacker's valid session: another customer's.</summary>
    OtherCustomersSession,

    /// <summary>Megabyte strings, 100,000-element lists, the largest numbers, unknown enum values.</summary>
    Oversized,
}
