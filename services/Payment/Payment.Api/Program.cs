using JasperFx;
using Orders.ServiceDefaults;
using Orders.ServiceDefaults.Batching;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Persistence;
using Orders.ServiceDefaults.Rebuilding;
using Payment.Api;
using Payment.Api.Payments;
using Wolverine;
using Wolverine.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(PaymentModule.ServiceName);
builder.Services.Configure<PaymentSettings>(builder.Configuration.GetSection(PaymentSettings.Section));
builder.AddOrdersMarten(PaymentModule.ServiceName, PaymentModule.ConfigureDocuments);
// Before Wolverine: an empty database is refilled from the log before any listener starts.
builder.Services.AddHostedService<RestorePaymentsFromLog>();
// POST /admin/projections/payments/rebuild: the same fold, from offset 0, into a copy compared with the live documents.
builder.Services.AddStateRebuild("payments", RestorePaymentsFromLog.State, PaymentModule.ConfigureDocuments);
builder.Host.UseWolverine(opts =>
{
    opts.UseOrdersKafka(builder.Configuration, PaymentModule.ServiceName);
    opts.ConfigurePayment();
});
builder.Services.AddWolverineHttp();
// Captures and refunds a polled batch per transaction, where Wolverine's listener runs one per record (docs/performance.md).
builder.Services.AddBatchedListener<PaymentCommandsBatch>();

var app = builder.Build();

app.MapServiceDefaults();
app.MapWolverineEndpoints();

return await app.RunJasperFxCommands(args);

public partial class Program;
