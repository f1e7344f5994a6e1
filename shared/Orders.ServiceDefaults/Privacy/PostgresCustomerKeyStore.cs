using Npgsql;
using Orders.Contracts.Privacy;

namespace Orders.ServiceDefaults.Privacy;

/// <summary>
/// Data keys in a PostgreSQL database of their own (<c>ConnectionStrings:KeyStore</c>), reachable by the services that
/// seal or open personal data and by nobody else: never in Kafka, never in a service's database (whose dumps and
/// backups must not carry them). Destroying a key overwrites its material with NULL; the row stays for the audit.
/// </summary>
public sealed class PostgresCustomerKeyStore(NpgsqlDataSource dataSource) : ICustomerKeyStore
{
    private const string Schema = """
        create schema if not exists keystore;
        create table if not exists keystore.customer_keys (
            key_id uuid primary key, customer_id text not null, material bytea,
            created_at timestamptz not null, destroyed_at timestamptz);
        create unique index if not exists customer_keys_live on keystore.customer_keys (customer_id) where destroyed_at is null;
        create table if not exists keystore.erasures (
            id bigserial primary key, customer_id text not null, requested_at timestamptz not null, destroyed_key_ids uuid[] not null);
        """;

    private readonly Lock _schemaLock = new();
    private volatile bool _schemaReady;

    public CustomerKey ActiveKeyFor(string customerId)
    {
        EnsureSchema();
        using var connection = dataSource.OpenConnection();
        // Insert-if-absent then read: two requests racing for a new customer end up with the same key.
        using (var insert = new NpgsqlCommand("""
            insert into keystore.customer_keys (key_id, customer_id, material, created_at) values ($1, $2, $3, now())
            on conflict (customer_id) where destroyed_at is null do nothing
            """, connection))
        {
            insert.Parameters.Add(new() { Value = Guid.CreateVersion7() });
            insert.Parameters.Add(new() { Value = customerId });
            insert.Parameters.Add(new() { Value = PersonalDataCipher.NewKeyMaterial() });
            insert.ExecuteNonQuery();
        }
        using var select = new NpgsqlCommand("select key_id, material from keystore.customer_keys where customer_id = $1 and destroyed_at is null", connection);
        select.Parameters.Add(new() { Value = customerId });
        using var reader = select.ExecuteReader();
        if (!reader.Read()) throw new InvalidOperationException("The customer's key vanished while it was being created."); // erased in that very instant
        return new CustomerKey(reader.GetGuid(0), customerId, (byte[])reader[1]);
    }

    public CustomerKey? Find(Guid keyId)
    {
        EnsureSchema();
        using var connection = dataSource.OpenConnection();
        using var select = new NpgsqlCommand("select customer_id, material from keystore.customer_keys where key_id = $1 and material is not null", connection);
        select.Parameters.Add(new() { Value = keyId });
        using var reader = select.ExecuteReader();
        return reader.Read() ? new CustomerKey(keyId, reader.GetString(0), (byte[])reader[1]) : null;
    }

    public async Task<ErasureRecord> DestroyAsync(string customerId, DateTimeOffset now, CancellationToken cancellation)
    {
        EnsureSchema();
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        var destroyed = new List<Guid>();
        await using (var destroy = new NpgsqlCommand("""
            update keystore.customer_keys set material = null, destroyed_at = $2
            where customer_id = $1 and destroyed_at is null returning key_id
            """, connection, transaction))
        {
            destroy.Parameters.Add(new() { Value = customerId });
            destroy.Parameters.Add(new() { Value = now });
            await using var reader = await destroy.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation)) destroyed.Add(reader.GetGuid(0));
        }
        await using (var audit = new NpgsqlCommand("insert into keystore.erasures (customer_id, requested_at, destroyed_key_ids) values ($1, $2, $3)", connection, transaction))
        {
            audit.Parameters.Add(new() { Value = customerId });
            audit.Parameters.Add(new() { Value = now });
            audit.Parameters.Add(new() { Value = destroyed.ToArray() });
            await audit.ExecuteNonQueryAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
        return new ErasureRecord(customerId, now, destroyed);
    }

    public async Task<IReadOnlyList<CustomerKeyInfo>> KeysOfAsync(string customerId, CancellationToken cancellation)
    {
        EnsureSchema();
        await using var command = dataSource.CreateCommand("select key_id, created_at, destroyed_at from keystore.customer_keys where customer_id = $1 order by created_at");
        command.Parameters.Add(new() { Value = customerId });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var keys = new List<CustomerKeyInfo>();
        while (await reader.ReadAsync(cancellation))
            keys.Add(new(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));
        return keys;
    }

    public async Task<IReadOnlyList<ErasureRecord>> ErasuresOfAsync(string customerId, CancellationToken cancellation)
    {
        EnsureSchema();
        await using var command = dataSource.CreateCommand("select requested_at, destroyed_key_ids from keystore.erasures where customer_id = $1 order by id");
        command.Parameters.Add(new() { Value = customerId });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var erasures = new List<ErasureRecord>();
        while (await reader.ReadAsync(cancellation))
            erasures.Add(new(customerId, reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<Guid[]>(1)));
        return erasures;
    }

    public async Task<IReadOnlyList<string>> ErasedSinceAsync(DateTimeOffset since, CancellationToken cancellation)
    {
        EnsureSchema();
        await using var command = dataSource.CreateCommand("select distinct customer_id from keystore.erasures where requested_at >= $1");
        command.Parameters.Add(new() { Value = since });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var customers = new List<string>();
        while (await reader.ReadAsync(cancellation)) customers.Add(reader.GetString(0));
        return customers;
    }

    private void EnsureSchema()
    {
        if (_schemaReady) return;
        lock (_schemaLock)
        {
            if (_schemaReady) return;
            using var connection = dataSource.OpenConnection();
            // Services start side by side and may race to create the schema: an advisory lock serialises them.
            using var command = new NpgsqlCommand($"select pg_advisory_xact_lock(7317); {Schema}", connection);
            using var transaction = connection.BeginTransaction();
            command.Transaction = transaction;
            command.ExecuteNonQuery();
            transaction.Commit();
            _schemaReady = true;
        }
    }
}
