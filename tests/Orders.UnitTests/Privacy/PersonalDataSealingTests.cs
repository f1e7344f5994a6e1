using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orders.Contracts.Ordering;
using Orders.Contracts.Privacy;
using Orders.Contracts.Versioning;

namespace Orders.UnitTests.Privacy;

/// <summary>Keys in memory, destroyable: the pure parts of crypto-shredding without a database.</summary>
internal sealed class InMemoryKeys : ICustomerKeys
{
    private readonly Dictionary<Guid, CustomerKey> _keys = [];
    public CustomerKey ActiveKeyFor(string customerId) =>
        _keys.Values.FirstOrDefault(k => k.CustomerId == customerId) ?? Add(new CustomerKey(Guid.NewGuid(), customerId, PersonalDataCipher.NewKeyMaterial()));
    public CustomerKey? Find(Guid keyId) => _keys.GetValueOrDefault(keyId);
    public void Destroy(string customerId) { foreach (var k in _keys.Values.Where(k => k.CustomerId == customerId).ToList()) _keys.Remove(k.KeyId); }
    private CustomerKey Add(CustomerKey key) { _keys[key.KeyId] = key; return key; }
}

public class PersonalDataSealingTests
{
    private static readonly Guid EventId = Guid.Parse("0198f3a2-7c41-7d2e-9a10-3b5c6d7e8f90");
    private readonly InMemoryKeys _keys = new();

    private static OrderCreated Created(string customer, string name, string email) => new(Guid.NewGuid(), customer, "EUR",
        PersonalField.Open(customer, name), PersonalField.Open(customer, email),
        new PostalAddress(PersonalField.Open(customer, "1 Rue de la Paix"), PersonalField.Open(customer, "Paris"), PersonalField.Open(customer, "75002"), PersonalField.Open(customer, "FR")));

    private string Write(object message, Guid eventId)
    {
        using var scope = PersonalDataScope.ForEvent(eventId, _keys);
        return JsonSerializer.Serialize(message, message.GetType(), ContractJson.Options);
    }

    private T Read<T>(string json, Guid eventId)
    {
        using var scope = PersonalDataScope.ForEvent(eventId, _keys);
        return JsonSerializer.Deserialize<T>(json, ContractJson.Options)!;
    }

    [Fact]
    public void Given_a_key_When_a_value_is_sealed_and_opened_under_the_same_event_id_Then_it_round_trips()
    {
        var key = _keys.ActiveKeyFor("c-1");
        var sealedValue = PersonalDataCipher.Seal(key, EventId, "Ada Lovelace");
        Assert.Equal(key.KeyId, sealedValue.KeyId);
        Assert.Equal(12, Convert.FromBase64String(sealedValue.Nonce).Length);
        Assert.Equal(16, Convert.FromBase64String(sealedValue.Tag).Length);
        Assert.Equal("Ada Lovelace", PersonalDataCipher.Open(key, EventId, sealedValue));
    }

    [Fact]
    public void Given_a_sealed_value_When_opened_under_another_event_id_Then_authentication_fails()
    {
        var key = _keys.ActiveKeyFor("c-1");
        var sealedValue = PersonalDataCipher.Seal(key, EventId, "Ada Lovelace");
        Assert.ThrowsAny<CryptographicException>(() => PersonalDataCipher.Open(key, Guid.NewGuid(), sealedValue));
    }

    [Fact]
    public void Given_a_sealed_value_When_its_ciphertext_is_altered_Then_authentication_fails()
    {
        var key = _keys.ActiveKeyFor("c-1");
        var sealedValue = PersonalDataCipher.Seal(key, EventId, "Ada Lovelace");
        var bytes = Convert.FromBase64String(sealedValue.Ciphertext);
        bytes[0] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => PersonalDataCipher.Open(key, EventId, sealedValue with { Ciphertext = Convert.ToBase64String(bytes) }));
    }

    [Fact]
    public void Given_an_event_with_personal_data_When_written_Then_no_value_appears_in_clear_and_it_reads_back_open()
    {
        var created = Created("c-1", "Ada Lovelace", "ada@example.org");
        var json = Write(created, EventId);

        foreach (var clear in new[] { "Ada Lovelace", "ada@example.org", "Rue de la Paix", "Paris", "75002" }) Assert.DoesNotContain(clear, json);
        Assert.Contains("\"ciphertext\"", json);

        var read = Read<OrderCreated>(json, EventId);
        Assert.Equal("Ada Lovelace", read.CustomerName!.Reveal());
        Assert.Equal("ada@example.org", read.CustomerEmail!.Reveal());
        Assert.Equal("Paris", read.ShippingAddress!.City.Reveal());
    }

    [Fact]
    public void Given_a_sealed_event_When_its_body_is_replayed_under_another_event_id_Then_reading_fails_rather_than_yielding_data()
    {
        var json = Write(Created("c-1", "Ada Lovelace", "ada@example.org"), EventId);
        Assert.ThrowsAny<CryptographicException>(() => Read<OrderCreated>(json, Guid.NewGuid()));
    }

    [Fact]
    public void Given_an_erased_customer_When_their_event_is_read_Then_every_field_is_erased_and_nothing_throws()
    {
        var json = Write(Created("c-1", "Ada Lovelace", "ada@example.org"), EventId);
        var other = Write(Created("c-2", "Grace Hopper", "grace@example.org"), EventId);
        _keys.Destroy("c-1");

        var read = Read<OrderCreated>(json, EventId);
        Assert.True(read.CustomerName!.IsErased);
        Assert.Equal(PersonalField.ErasedMarker, read.CustomerEmail!.Reveal());
        Assert.True(read.ShippingAddress!.Street.IsErased);
        Assert.Equal("Grace Hopper", Read<OrderCreated>(other, EventId).CustomerName!.Reveal()); // the other customer is untouched
    }

    [Fact]
    public void Given_no_sealing_scope_When_an_open_value_is_written_Then_it_refuses_instead_of_writing_clear_text()
    {
        var error = Assert.Throws<InvalidOperationException>(() => JsonSerializer.Serialize(Created("c-1", "Ada Lovelace", "a@b.c"), ContractJson.Options));
        Assert.DoesNotContain("Ada", error.Message);
    }

    [Fact]
    public void Given_a_plain_string_where_a_personal_value_belongs_When_read_Then_it_is_refused()
    {
        var json = "{\"orderId\":\"0b0e4c1e-8f5a-4c5e-9d3a-2f1c7a9e4b10\",\"customerId\":\"c-1\",\"currency\":\"EUR\",\"customerName\":\"Ada Lovelace\"}";
        Assert.Throws<JsonException>(() => Read<OrderCreated>(json, EventId));
    }

    [Fact]
    public void A_personal_value_never_prints_itself()
    {
        var created = Created("c-1", "Ada Lovelace", "ada@example.org");
        Assert.DoesNotContain("Ada", created.ToString());
        Assert.DoesNotContain("Paris", created.ToString());
    }

    [Fact]
    public void A_revealing_scope_writes_open_values_as_text_and_erased_ones_as_the_marker()
    {
        var created = Created("c-1", "Ada Lovelace", "ada@example.org") with { CustomerEmail = PersonalField.Erased };
        using var scope = PersonalDataScope.Revealing();
        var json = JsonSerializer.Serialize(created, ContractJson.Options);
        Assert.Contains("\"customerName\":\"Ada Lovelace\"", json);
        Assert.Contains("\"customerEmail\":\"[erased]\"", json);
    }

    [Fact]
    public void The_associated_data_is_the_event_id_text_so_other_consumers_can_open_values()
    {
        var key = _keys.ActiveKeyFor("c-1");
        var sealedValue = PersonalDataCipher.Seal(key, EventId, "x");
        using var aes = new AesGcm(key.Material, 16);
        var plain = new byte[1];
        aes.Decrypt(Convert.FromBase64String(sealedValue.Nonce), Convert.FromBase64String(sealedValue.Ciphertext), Convert.FromBase64String(sealedValue.Tag), plain,
            Encoding.ASCII.GetBytes(EventId.ToString("D")));
        Assert.Equal("x", Encoding.UTF8.GetString(plain));
    }
}
