namespace BankOrleans.ClusterControl;

/// <summary>One line of <c>./bank status</c>.</summary>
/// <param name="Silo">The silo's name.</param>
/// <param name="Role">master or reader.</param>
/// <param name="Process"><c>running</c> or <c>stopped</c>.</param>
/// <param name="Pid">The pid, or <c>-</c>.</param>
/// <param name="Health"><c>ready</c>, <c>not-ready</c>, <c>(no answer)</c>, or <c>-</c> when stopped.</param>
/// <param name="Cluster">The cluster's view (Active, Dead, …), <c>(no answer)</c>, or <c>-</c>.</param>
public sealed record SiloStatusRow(string Silo, string Role, string Process, string Pid, string Health, string Cluster);
