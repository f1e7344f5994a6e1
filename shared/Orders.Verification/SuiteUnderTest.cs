namespace Orders.Verification;

/// <summary>
/// Where the checker finds the suite: the three services' HTTP APIs, the Kafka cluster, and each service's database
/// (by service name: <c>ordering</c>, <c>payment</c>, <c>shipping</c>; its Wolverine tables live in that schema).
/// </summary>
public sealed record SuiteUnderTest(
    string BootstrapServers,
    HttpClient Ordering,
    HttpClient Payment,
    HttpClient Shipping,
    IReadOnlyDictionary<string, string> Databases);
