using JasperFx;
using Orders.ServiceDefaults;
using Orders.ServiceDefaults.Batching;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Persistence;
using Orders.ServiceDefaults.Rebuilding;
using Orders.ServiceDefaults.Privacy;
using Shipping.Api;
using Shipping.Api.Shipments;
using Wolverine;
using Wolverine.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(ShippingModule.ServiceName);
builder.Services.Configure<ShippingSettings>(builder.Configuration.GetSection(ShippingSettings.Section));
builder.AddOrdersMarten(ShippingModule.ServiceName, ShippingModule.ConfigureDocuments);
// Shipping opens the recipient's name and address; it never creates keys (only Ordering seals personal data).
var customerKeys = builder.AddCustomerKeyStore();
// Before Wolverine: an empty database is refilled from the log before any listener starts.
builder.Services.AddHostedService<RestoreShipmentsFromLog>();
// POST /admin/projections/shipments/rebuild: the same fold, from offset 0, into a copy compared with the live documents.
builder.Services.AddStateRebuild("shipments", RestoreShipmentsFromLog.State, ShippingModule.ConfigureDocuments, RecipientErasureHandler.MaskAsync);
builder.Host.UseWolverine(opts =>
{
    opts.UseOrdersKafka(builder.Configuration, ShippingModule.ServiceName);
    opts.SealPersonalData(customerKeys);
    opts.ConfigureShipping();
});
builder.Services.AddWolverineHttp();
// Ship and cancel requests a polled batch per transaction, where Wolverine's listener runs one per record (docs/performance.md).
builder.Services.AddBatchedListener<ShippingCommandsBatch>();

var app = builder.Build();

app.MapServiceDefaults();
app.MapWolverineEndpoints();

return await app.RunJasperFxCommands(args);

public partial class Program;
