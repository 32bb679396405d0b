namespace BankOrleans.Connections;

/// <summary>The Orleans identity every bank silo uses (silo-config/*.json, <c>Silo:ClusterId</c> and <c>Silo:ServiceId</c>).</summary>
public static class BankCluster
{
    /// <summary>The Orleans cluster id.</summary>
    public const string ClusterId = "bank";

    /// <summary>The Orleans service id.</summary>
    public const string ServiceId = "bank-orleans";
}
