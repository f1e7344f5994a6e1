using Orders.ServiceDefaults.Batching;

namespace Orders.UnitTests.Batching;

/// <summary>The loading, deciding and writing against Marten is behind every batched listener's integration test.</summary>
public sealed class DocumentsByOrderTests
{
    private sealed record Doc(Guid Id);

    [Fact]
    public async Task With_no_order_to_look_for_it_asks_the_database_nothing()
    {
        // No session at all: any query would throw. A batch of creates with minted ids has nothing to read.
        var documents = await DocumentsByOrder<Doc>.LoadAsync(null!, [], doc => doc.Id, CancellationToken.None);

        Assert.Null(documents.Find(Guid.NewGuid()));
    }
}
