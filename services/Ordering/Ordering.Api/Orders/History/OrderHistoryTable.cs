using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Ordering.Api.Orders.History;

/// <summary>
/// The audit log's table: one narrow row per fact, its body as text (after any upcast, as the listener read it). A
/// plain table rather than a Marten document, because it is written eight times per order and read rarely: a document
/// row carries the whole entry as jsonb (the body escaped inside it) plus Marten's version and type columns, which made
/// it the largest single cost at the suite's ceiling (docs/performance.md, steps 34 and 35). Marten creates and migrates
/// it with the documents (<c>StoreOptions.Storage.ExtendedSchemaObjects</c>); <see cref="HistoryOutOfDocuments"/> moves
/// an earlier build's entries in.
/// </summary>
public static class OrderHistoryTable
{
    public const string Name = "order_history";

    public static string QualifiedName(IReadOnlyStoreOptions options) => $"{options.DatabaseSchemaName}.{Name}";

    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, Name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();                // the event id: a record read again adds nothing
        table.AddColumn<Guid>("order_id").NotNull();
        table.AddColumn("wire_type", "text").NotNull();            // the type the record was sent as
        table.AddColumn("current_type", "text").NotNull();         // the type its body has after any upcast
        table.AddColumn("topic", "text").NotNull();
        table.AddColumn("log_partition", "integer");               // null for a fact recovered from the inbox after a crash
        table.AddColumn("log_offset", "bigint");
        table.AddColumn("sent_at", "timestamp with time zone").NotNull();
        table.AddColumn("correlation_id", "text");
        table.AddColumn("causation_id", "uuid");
        table.AddColumn("payload", "text").NotNull();              // read only by this service, never queried into
        table.Indexes.Add(new IndexDefinition($"idx_{Name}_order_id") { Columns = ["order_id"] });
        return table;
    }
}
