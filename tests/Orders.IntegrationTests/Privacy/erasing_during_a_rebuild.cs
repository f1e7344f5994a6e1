using Orders.Contracts.Customers;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.Privacy;

/// <summary>
/// An erasure that lands while a projection rebuild runs. The rebuild decoded the customer's data with keys that are gone
/// by its swap, and the erasure's masking and its event may both be done by then: the swap must not write the customer
/// back in clear. Each test erases when the rebuild has folded its last slice, just before it swaps, and waits until the
/// service has handled the erasure's event, so that nothing after the swap masks the customer again.
/// </summary>
[Collection(PrivacyCollection.Name)]
public sealed class erasing_during_a_rebuild(PrivacyFixture suite)
{
    private const string Erased = "[erased]";

    [Fact]
    public async Task the_order_views_swapped_in_keep_a_customer_erased_after_the_rebuild_read_them()
    {
        var ada = Customer.New("Ada");
        var grace = Customer.New("Grace");
        var adaOrder = await suite.OrderAndShipAsync(ada);
        var graceOrder = await suite.OrderAndShipAsync(grace);

        var erased = suite.Logs.When(Rebuilds.LastSliceFolded("orders"), () => EraseAndWaitUntilHandled(ada, suite.OrderingDatabase));
        var report = await Rebuilds.RunAsync(suite.Ordering, "orders", "always");
        await erased.WaitAsync(TimeSpan.FromSeconds(5)); // the erasure ran inside the rebuild, before its swap

        Assert.True(report.Swapped);
        Assert.Contains("masked again", report.Summary);
        var adaView = await suite.OrderAsync(adaOrder);
        Assert.Equal((Erased, Erased, Erased), (adaView.CustomerName, adaView.CustomerEmail, adaView.ShippingAddress!.Street));
        Assert.Equal("Shipped", adaView.Status);
        Assert.Equal(grace.Name, (await suite.OrderAsync(graceOrder)).CustomerName);
        var dump = await suite.DumpAsync(suite.OrderingDatabase);
        Assert.Empty(ada.FoundIn(dump));
        Assert.DoesNotContain("ordering_rebuild.mt_doc_orderview", dump); // the copy, which had ada in clear, is dropped
    }

    [Fact]
    public async Task the_shipments_a_swap_repairs_keep_a_recipient_erased_after_the_rebuild_read_them()
    {
        var ada = Customer.New("Ada");
        var adaOrder = await suite.OrderAndShipAsync(ada);
        await Eventually.Until(() => suite.ShipmentAsync(adaOrder), s => s.Status == "Dispatched", "ada's parcel to leave");
        // A damaged shipment, so that the swap writes it: from the rebuild's copy, decoded before the erasure.
        await Rebuilds.ChangeOneRowAsync(suite.ShippingDatabase,
            "update shipping.mt_doc_shipment set data = replace(data::text, '\"TRK-', '\"XXX-')::jsonb where id = @id", adaOrder);

        var erased = suite.Logs.When(Rebuilds.LastSliceFolded("shipments"), () => EraseAndWaitUntilHandled(ada, suite.ShippingDatabase));
        var report = await Rebuilds.RunAsync(suite.Shipping, "shipments", "always");
        await erased.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Contains(adaOrder, report.Differing);
        Assert.True(report.Swapped);
        var shipment = await suite.ShipmentAsync(adaOrder);
        Assert.StartsWith("TRK-", shipment.TrackingNumber); // repaired from the log
        Assert.Equal(new RecipientDto(Erased, Erased, Erased, Erased, Erased), shipment.Recipient); // and still erased
        var dump = await suite.DumpAsync(suite.ShippingDatabase);
        Assert.Empty(ada.FoundIn(dump));
        Assert.DoesNotContain("shipping_rebuild.mt_doc_shipment", dump);
    }

    /// <summary>On the rebuild's thread, which waits: the erasure request, then until the service's inbox has handled its event.</summary>
    private void EraseAndWaitUntilHandled(Customer customer, string serviceDatabase)
    {
        suite.EraseAsync(customer).GetAwaiter().GetResult();
        Eventually.Until(() => Inbox.StatusesAsync(serviceDatabase, typeof(CustomerPersonalDataErased), customer.Id),
            statuses => statuses.Contains("Handled"), $"{customer.Id}'s erasure to be handled").GetAwaiter().GetResult();
    }
}
