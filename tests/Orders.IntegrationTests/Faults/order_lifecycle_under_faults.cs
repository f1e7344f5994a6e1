using System.Net;
using System.Net.Http.Json;
using Confluent.Kafka;
using Npgsql;
using Orders.IntegrationTests.Infrastructure;
using Orders.Kafka.Embedded;
using Orders.Verification;

namespace Orders.IntegrationTests.Faults;

/// <summary>
/// Each test injects one kind of fault while orders are in flight, then waits for the suite to settle and runs the
/// invariant checker: every order terminal, at most one capture, a refund for every capture of a cancelled order,
/// exactly one shipment per shipped order and none for a cancelled one, read models equal to the log's fold.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class order_lifecycle_under_faults(FaultSuiteFixture suite)
{
    /// <summary>A mix: two in three are shipped, one in three is above the payment limit and ends cancelled.</summary>
    private async Task<List<Guid>> PlaceOrdersAsync(int count)
    {
        var http = suite.Ordering.Server.CreateClient();
        var orders = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            // A client that retries on 503, with an Idempotency-Key so a retried create can never make a second order.
            var key = Guid.NewGuid().ToString();
            var created = await RetryOn503(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
                {
                    Content = JsonContent.Create(new { customerId = $"c-{i}", currency = "EUR", items = new[] { new { sku = "SKU-1", quantity = 1, unitPrice = i % 3 == 2 ? 20_000m : 10m } } }),
                };
                request.Headers.Add("Idempotency-Key", key);
                return http.SendAsync(request);
            });
            Assert.Contains(created.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK });
            var id = (await created.Content.ReadFromJsonAsync<AcceptedDto>(SuiteClient.Json))!.OrderId;
            var placed = await RetryOn503(() => http.PostAsync($"/orders/{id}/place", null));
            Assert.True(placed.StatusCode == HttpStatusCode.OK || (placed.StatusCode == HttpStatusCode.Conflict && await IsPlacedAsync(http, id)),
                $"placing {id} answered {placed.StatusCode}");
            orders.Add(id);
        }
        return orders;
    }

    private static async Task<HttpResponseMessage> RetryOn503(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 10) return response;
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
        }
    }

    /// <summary>A retried place whose first attempt did commit answers 409: fine, as long as the order did move on.</summary>
    private static async Task<bool> IsPlacedAsync(HttpClient http, Guid id)
    {
        var response = await http.GetAsync($"/orders/{id}?minVersion=3");
        return response.IsSuccessStatusCode && !(await response.Content.ReadAsStringAsync()).Contains("\"Created\"");
    }

    /// <summary>Every order terminal, nothing left in an outbox or inbox, the log still for a while (refunds after a deadline are written), then the invariants.</summary>
    private async Task AssertInvariantsHoldOnceQuietAsync(IReadOnlyCollection<Guid> orders)
    {
        var http = suite.Ordering.Server.CreateClient();
        var quiet = await Quiet.WaitAsync(http.GetAsync, suite.Broker.BootstrapServers, suite.Databases, orders, TimeSpan.FromSeconds(120));
        Assert.True(quiet is not null, $"the suite was not quiet within 120 s: {await suite.Checker.CheckAsync(orders)}\n" +
                                       string.Join("\n", await Quiet.DescribePendingAsync(suite.Databases)));
        var report = await suite.Checker.CheckAsync(orders);
        Assert.True(report.Holds, report.ToString());
    }

    [Fact]
    public async Task the_broker_going_down_mid_saga_loses_no_order_and_repeats_no_effect()
    {
        var orders = await PlaceOrdersAsync(6);
        suite.Broker.SetBrokerDown(-1);
        orders.AddRange(await PlaceOrdersAsync(3)); // accepted while Kafka is gone: they wait in the outbox
        await Task.Delay(TimeSpan.FromSeconds(3));
        suite.Broker.SetBrokerUp(-1);
        await AssertInvariantsHoldOnceQuietAsync(orders);
    }

    public static TheoryData<KafkaApi, ErrorCode[]> RequestErrors => new()
    {
        { KafkaApi.Produce, [ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas, ErrorCode.RequestTimedOut] },
        { KafkaApi.Fetch, [ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition] },
        { KafkaApi.OffsetCommit, [ErrorCode.RequestTimedOut, ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.RequestTimedOut] },
        { KafkaApi.Heartbeat, [ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.RequestTimedOut] },
    };

    [Theory]
    [MemberData(nameof(RequestErrors))]
    public async Task request_errors_from_the_broker_are_retried_without_losing_or_repeating_anything(KafkaApi api, ErrorCode[] errors)
    {
        suite.Broker.PushRequestErrors(api, errors);
        var orders = await PlaceOrdersAsync(6);
        await AssertInvariantsHoldOnceQuietAsync(orders);
    }

    [Fact]
    public async Task added_round_trip_latency_slows_the_saga_but_breaks_nothing()
    {
        suite.Broker.SetBrokerRtt(-1, 150);
        try
        {
            await AssertInvariantsHoldOnceQuietAsync(await PlaceOrdersAsync(4));
        }
        finally
        {
            suite.Broker.SetBrokerRtt(-1, 0);
        }
    }

    [Fact]
    public async Task the_payment_service_stopping_and_starting_again_mid_saga_captures_each_order_once()
    {
        var orders = await PlaceOrdersAsync(6);
        await suite.Payment.DisposeAsync(); // a deploy: commands keep arriving while it is away
        orders.AddRange(await PlaceOrdersAsync(3));
        suite.Payment = await suite.StartPaymentAsync();
        await AssertInvariantsHoldOnceQuietAsync(orders);
    }

    [Fact]
    public async Task a_payment_service_that_never_answers_gets_the_order_cancelled_at_the_deadline_and_a_late_capture_refunded()
    {
        await suite.Payment.DisposeAsync(); // Payment is gone: the capture commands wait on the topic, unanswered
        var orders = await PlaceOrdersAsync(3);
        var http = suite.Ordering.Server.CreateClient();
        foreach (var id in orders)
        {
            var body = await Eventually.Settle(async () => await (await http.GetAsync($"/orders/{id}")).Content.ReadAsStringAsync(), b => b.Contains("\"Cancelled\""),
                FaultSuiteFixture.PaymentTimeout * 5);
            Assert.Contains("\"Cancelled\"", body); // cancelled at its payment deadline
        }
        var history = await http.GetStringAsync($"/orders/{orders[0]}/history");
        Assert.Contains("Payment did not answer within", history);

        suite.Payment = await suite.StartPaymentAsync(); // the late answers arrive now
        var payments = suite.Payment.Server.CreateClient();
        foreach (var id in orders.Where((_, i) => i % 3 != 2)) // the third is above the limit: declined, nothing to refund
            await Eventually.Until(async () => await payments.GetAsync($"/payments/{id}") is { IsSuccessStatusCode: true } r ? await r.Content.ReadAsStringAsync() : "",
                b => b.Contains("\"Refunded\""), $"the late capture of {id} to be refunded", TimeSpan.FromSeconds(90));
        foreach (var id in orders) Assert.Contains("\"Cancelled\"", await http.GetStringAsync($"/orders/{id}")); // the late answer changed nothing
        // Payment's document reads Refunded at its commit; the PaymentRefunded fact leaves its outbox after it.
        await AssertInvariantsHoldOnceQuietAsync(orders);
    }

    [Fact]
    public async Task an_order_that_cannot_be_cancelled_at_its_deadline_does_not_hold_back_the_others_and_is_cancelled_once_fixed()
    {
        await suite.Payment.DisposeAsync(); // nobody answers: every order runs into its deadline
        var orders = await PlaceOrdersAsync(3);
        var http = suite.Ordering.Server.CreateClient();
        var stuck = orders[0];
        await using (var bug = await SimulatedBug.StartAsync(suite.OrderingDatabase, "ordering.mt_doc_order", "insert or update",
                         $"new.id = '{stuck}' and new.data->>'Status' = 'Cancelled'", "order % cannot be cancelled"))
        {
            foreach (var id in orders.Skip(1))
                await Eventually.Until(async () => await (await http.GetAsync($"/orders/{id}")).Content.ReadAsStringAsync(), b => b.Contains("\"Cancelled\""),
                    $"order {id} to be cancelled at its payment deadline although {stuck} cannot be", FaultSuiteFixture.PaymentTimeout * 5);
            Assert.Contains("\"Placed\"", await http.GetStringAsync($"/orders/{stuck}"));
        }
        await Eventually.Until(async () => await (await http.GetAsync($"/orders/{stuck}")).Content.ReadAsStringAsync(), b => b.Contains("\"Cancelled\""),
            $"order {stuck} to be cancelled once the bug is gone", TimeSpan.FromSeconds(30));

        suite.Payment = await suite.StartPaymentAsync(); // the late captures are refunded
        await AssertInvariantsHoldOnceQuietAsync(orders);
    }

    [Fact]
    public async Task database_connections_killed_mid_flow_are_retried_and_nothing_is_lost()
    {
        var orders = await PlaceOrdersAsync(6);
        await using (var admin = new NpgsqlConnection(suite.Postgres.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname like 'ordering_%' or datname like 'payment_%' or datname like 'shipping_%'", admin);
            Assert.True(Convert.ToInt32(await kill.ExecuteScalarAsync()) > 0, "no connection of the services was found to kill");
        }
        orders.AddRange(await PlaceOrdersAsync(3));
        await AssertInvariantsHoldOnceQuietAsync(orders);
    }

    [Fact]
    public async Task the_checker_names_an_order_whose_history_lost_a_fact()
    {
        var orders = await PlaceOrdersAsync(3);
        await AssertInvariantsHoldOnceQuietAsync(orders);
        var damaged = orders[0];
        // Unpooled: another test of this fixture terminates the services' connections, pooled idle ones included.
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(suite.OrderingDatabase) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand(
                "delete from ordering.order_history where id = (select id from ordering.order_history where order_id = @id and topic = 'payments-events' limit 1)", connection);
            delete.Parameters.AddWithValue("id", damaged);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        var report = await suite.Checker.CheckAsync(orders);
        Assert.False(report.Holds);
        Assert.Equal(1, report.ProjectionMismatches);
        Assert.Contains(report.Violations, v => v.StartsWith($"{damaged}: history holds"));
    }
}
