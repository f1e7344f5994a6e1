using JasperFx;
using Ordering.Api.Orders;
using Ordering.Api;
using Ordering.Api.Orders.History;
using Ordering.Api.Orders.Viewing;
using Ordering.Api.Orders.Writing;
using Ordering.Api.Rebuilding;
using Ordering.Api.Saga;
using Orders.ServiceDefaults;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Persistence;
using Orders.ServiceDefaults.Privacy;
using Orders.ServiceDefaults.Batching;
using Orders.ServiceDefaults.Rebuilding;
using Wolverine;
using Wolverine.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(OrderingModule.ServiceName);
builder.Services.Configure<ReadSettings>(builder.Configuration.GetSection(ReadSettings.Section));
builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(SagaSettings.From(builder.Configuration))); // checked at start-up
builder.AddOrdersMarten(OrderingModule.ServiceName, OrderingModule.ConfigureDocuments);
var customerKeys = builder.AddCustomerKeyStore();
// Before Wolverine, in this order: a database of an earlier build gets its history table, then an empty database is
// refilled from the log, before any listener starts.
builder.Services.AddHostedService<HistoryOutOfDocuments>();
builder.Services.AddHostedService<RestoreOrdersFromLog>();
builder.Host.UseWolverine(opts =>
{
    opts.UseOrdersKafka(builder.Configuration, OrderingModule.ServiceName);
    opts.SealPersonalData(customerKeys);
    opts.ConfigureOrdering();
});
builder.Services.AddWolverineHttp();
// After Wolverine, so it stops before Wolverine does: the commands it has taken leave through Wolverine's outbox.
builder.Services.AddOrderCommandWriter(builder.Configuration);
builder.Services.AddSingleton<IProjectionRebuild, OrderViewRebuild>();
// A polled batch per transaction where Wolverine's listeners handle one record per transaction (docs/performance.md):
// OrderView from orders-events, and the saga's steps from the answers of Payment and Shipping.
builder.Services.AddBatchedListener<OrderViewProjection>();
builder.Services.AddBatchedListener<PaymentAnswers>();
builder.Services.AddBatchedListener<ShippingAnswers>();
builder.Services.AddHostedService<PaymentDeadlineSweeper>();

var app = builder.Build();

app.MapServiceDefaults();
app.MapWolverineEndpoints();

return await app.RunJasperFxCommands(args);

public partial class Program;
