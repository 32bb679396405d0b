using BankOrleans.Contracts.Council;
using BankOrleans.Silo.Sqlite;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Cluster.Tests.Placement;

/// <summary>The production council grain, wired as the silo wires it.</summary>
[Collection(BankClusterCollection.Name)]
public sealed class CouncilPlacementTests(BankClusterFixture fixture)
{
    // LockCouncilGrain's [PersistentState("epoch", "council")]; the ADO.NET provider stores the state name as the grain type.
    private const string EpochStateName = "epoch";

    [Fact]
    public async Task Council_member_N_keeps_its_epoch_in_the_grain_state_file_of_master_N()
    {
        foreach (var member in new long[] { 1, 2, 3 })
        {
            await fixture.Client.GetGrain<ILockCouncilGrain>(member).ReleaseLease("placement-test", []);
        }

        var members = BankClusterFixture.SiloNames.ToDictionary(name => name, CouncilMembersStoredBy);

        Assert.Equal([1L], members["master-1"]);
        Assert.Equal([2L], members["master-2"]);
        Assert.Equal([3L], members["master-3"]);
        Assert.Empty(members["reader"]);
    }

    private long[] CouncilMembersStoredBy(string silo)
    {
        using var connection = new SqliteConnection(SqliteOrleansSchema.ConnectionString(
            Path.Combine(fixture.DataDirectory, $"{silo}-grainstate.db")));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT GrainIdN1 FROM OrleansStorage WHERE GrainTypeString = $type AND PayloadBinary IS NOT NULL ORDER BY GrainIdN1";
        command.Parameters.AddWithValue("$type", EpochStateName);
        using var reader = command.ExecuteReader();
        var members = new List<long>();
        while (reader.Read())
        {
            members.Add(reader.GetInt64(0));
        }

        return [.. members];
    }
}
