using System.Reflection;
using Npgsql;
using Orders.Contracts.Versioning;

namespace Orders.IntegrationTests.Infrastructure;

/// <summary>A service's durable inbox and dead letters, read and changed straight in its database.</summary>
public static class Inbox
{
    /// <summary>Makes the inbox forget the envelopes, as its retention window would.</summary>
    public static async Task ForgetAsync(string database, IReadOnlyCollection<Guid> envelopeIds)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"delete from {await SchemaAsync(connection)}.wolverine_incoming_envelopes where id = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", envelopeIds.ToArray());
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Which of the given envelopes are the service's dead letters, with their exception type and message.</summary>
    public static async Task<Dictionary<Guid, string>> DeadLettersAsync(string database, IReadOnlyCollection<Guid> envelopeIds)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var found = new Dictionary<Guid, string>();
        var schema = await RequiredSchemaAsync(connection);
        await using var command = new NpgsqlCommand(
            $"select id, coalesce(exception_type, '') || ': ' || coalesce(exception_message, '') from {schema}.wolverine_dead_letters where id = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", envelopeIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found[reader.GetGuid(0)] = reader.GetString(1);
        return found;
    }

    /// <summary>
    /// The statuses (<c>Scheduled</c>, <c>Incoming</c>, <c>Handled</c>) of the service's durable envelopes of
    /// <paramref name="messageType"/> whose message names <paramref name="id"/>. The inbox keeps a handled envelope for a
    /// while (Wolverine's <c>KeepAfterMessageHandling</c>, minutes), so "handled" is a fact a test can wait for instead of
    /// a time it guesses.
    /// </summary>
    public static Task<IReadOnlyList<string>> StatusesAsync(string database, Type messageType, Guid id) => StatusesAsync(database, messageType, id.ToString());

    /// <inheritdoc cref="StatusesAsync(string, Type, Guid)"/>
    public static async Task<IReadOnlyList<string>> StatusesAsync(string database, Type messageType, string id)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var schema = await RequiredSchemaAsync(connection);
        // The body is Wolverine's envelope with the message's JSON inside: the id appears there as text.
        await using var command = new NpgsqlCommand(
            $"select status from {schema}.wolverine_incoming_envelopes where message_type = any(@types) and position(convert_to(@id, 'UTF8') in body) > 0", connection);
        // A local message is stored under its CLR name, a message read from Kafka under its contract's wire name.
        string[] types = messageType.GetCustomAttribute<MessageContractAttribute>() is { } contract ? [messageType.FullName!, contract.WireType] : [messageType.FullName!];
        command.Parameters.AddWithValue("types", types);
        command.Parameters.AddWithValue("id", id);
        var statuses = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) statuses.Add(reader.GetString(0));
        return statuses;
    }

    /// <summary>
    /// The schema of a started service, whose tables exist: "no schema" means a wrong database, and an empty answer would
    /// pass every "no dead letters" or "nothing scheduled" assertion.
    /// </summary>
    private static async Task<string> RequiredSchemaAsync(NpgsqlConnection connection) =>
        await SchemaAsync(connection) ?? throw new InvalidOperationException($"No Wolverine tables in {connection.Database}.");

    /// <summary>Each service keeps its tables in a schema named after it.</summary>
    private static async Task<string?> SchemaAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("select table_schema from information_schema.tables where table_name = 'wolverine_incoming_envelopes'", connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
