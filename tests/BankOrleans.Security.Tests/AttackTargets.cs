using BankOrleans.Cluster.Tests.Customers;

namespace BankOrleans.Security.Tests;

/// <summary>The victim the hostile calls aim at, and the attacker's own credentials.</summary>
/// <param name="Victim">A customer with money; no hostile call holds its session.</param>
/// <param name="Attacker">Another customer, whose valid session the hostile calls use.</param>
/// <param name="RevokedSession">A session of the attacker's that a logout ended.</param>
/// <param name="ForgedSession">A token that names the victim, signed with the wrong key.</param>
internal sealed record AttackTargets(Customer Victim, Customer Attacker, string RevokedSession, string ForgedSession)
{
    /// <summary>The attacker's valid session.</summary>
    public string AttackerSession => Attacker.Session;
}
