using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Messaging;

namespace BankOrleans.Cluster.Tests.Messaging;

[Collection(BankClusterCollection.Name)]
public sealed class CouncilBatchTests(BankClusterFixture fixture)
{
    [Fact]
    public async Task A_council_batch_is_handled_in_order_and_one_bad_request_fails_alone()
    {
        var member = fixture.Client.GetGrain<ILockCouncilGrain>(2);
        var account = "test-" + Guid.NewGuid().ToString("N");

        var answers = await member.Handle(
        [
            CouncilRequest.Vote(new LeaseRequest("first", [account], null)),
            new CouncilRequest(null, null),
            CouncilRequest.Releasing(new LeaseRelease("first", [account])),
            CouncilRequest.Vote(new LeaseRequest("second", [account], null)),
        ]);

        Assert.Equal(4, answers.Count);
        Assert.True(answers[0].Reply!.Granted);
        Assert.Equal(BatchItemFault.Invalid, answers[1].Fault);
        Assert.Equal(BatchItem<LeaseReply>.Done, answers[2]);
        // Granted only because the release before it in the batch was handled first.
        Assert.True(answers[3].Reply!.Granted);
        Assert.Equal("second", answers[3].Reply!.Holder);
    }
}
