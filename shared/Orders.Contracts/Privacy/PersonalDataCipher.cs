using System.Security.Cryptography;
using System.Text;

namespace Orders.Contracts.Privacy;

/// <summary>
/// AES-256-GCM with the event id as associated data: a sealed value only opens inside the event it was written in,
/// so it cannot be cut from one record and replayed into another. Pure apart from the nonce, which is given.
/// </summary>
public static class PersonalDataCipher
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    public static SealedValue Seal(CustomerKey key, Guid eventId, string plainText, ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != NonceSize) throw new ArgumentException($"A nonce is {NonceSize} bytes.", nameof(nonce));
        var plain = Encoding.UTF8.GetBytes(plainText);
        var cipher = new byte[plain.Length];
        var tag = new byte[TagSize];
        using var aes = new AesGcm(key.Material, TagSize);
        aes.Encrypt(nonce, plain, cipher, tag, AssociatedData(eventId));
        return new SealedValue(key.KeyId, Convert.ToBase64String(nonce), Convert.ToBase64String(cipher), Convert.ToBase64String(tag));
    }

    public static SealedValue Seal(CustomerKey key, Guid eventId, string plainText) =>
        Seal(key, eventId, plainText, RandomNumberGenerator.GetBytes(NonceSize));

    /// <summary>The plain text; throws <see cref="AuthenticationTagMismatchException"/> for another event id, another key or altered bytes.</summary>
    public static string Open(CustomerKey key, Guid eventId, SealedValue value)
    {
        if (key.KeyId != value.KeyId) throw new CryptographicException($"Value sealed with key {value.KeyId}, not {key.KeyId}.");
        var cipher = Convert.FromBase64String(value.Ciphertext);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(key.Material, TagSize);
        aes.Decrypt(Convert.FromBase64String(value.Nonce), cipher, Convert.FromBase64String(value.Tag), plain, AssociatedData(eventId));
        return Encoding.UTF8.GetString(plain);
    }

    public static byte[] NewKeyMaterial() => RandomNumberGenerator.GetBytes(32);

    private static byte[] AssociatedData(Guid eventId) => Encoding.ASCII.GetBytes(eventId.ToString("D"));
}
