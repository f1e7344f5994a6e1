using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orders.DeploymentTests.Infrastructure;

namespace Orders.DeploymentTests;

/// <summary>
/// infra/docker-compose.yml runs the same images as the chart: each service is published on the host port that
/// `make run` uses without Docker, maps it to the port the images listen on, and sets only settings the service reads.
/// </summary>
public sealed class compose_matches_the_services
{
    public static TheoryData<string> Services => new(ServiceSettings.Services.Keys);

    private static readonly JsonNode Compose = Yaml.Load(File.ReadAllText(Repository.PathOf("infra", "docker-compose.yml")))!;

    /// <summary>Compose's merge key (<c>&lt;&lt;: *anchor</c>) folded in, as docker compose reads it.</summary>
    private static IEnumerable<string> Keys(JsonNode? map) => map is not JsonObject obj ? [] :
        obj.SelectMany(p => p.Key == "<<" ? Keys(p.Value) : [p.Key]).Distinct();

    [Theory]
    [MemberData(nameof(Services))]
    public void the_service_is_published_on_its_make_run_port(string service)
    {
        var runScript = File.ReadAllText(Repository.PathOf("infra", "run.sh"));
        var hostPort = Regex.Match(runScript, $@"\[{service}\]=""\$\{{[A-Z_]+:-(\d+)\}}""").Groups[1].Value;
        Assert.NotEmpty(hostPort);
        var containerPort = (int)HelmChart.Defaults()["containerPort"]!;
        Assert.Equal([$"{hostPort}:{containerPort}"], Compose["services"]![service]!["ports"]!.AsArray().Select(p => (string)p!));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void every_variable_of_the_service_is_read_by_it(string service)
    {
        var variables = Keys(Compose["services"]![service]!["environment"]).Concat(Keys(Compose["services"]![$"{service}-schema"]!["environment"])).ToList();
        Assert.Contains("ConnectionStrings__Postgres", variables);
        var unknown = variables.Where(v => !ServiceSettings.Reads(service, v)).ToList();
        Assert.True(unknown.Count == 0, $"{service} reads none of: {string.Join(", ", unknown)}");
    }

    /// <summary>As in production (docs/gdpr.md): a dump or backup of the services' database never carries customer keys.</summary>
    [Fact]
    public void the_key_store_is_a_database_of_its_own_created_before_any_schema_is_applied()
    {
        var services = Compose["services"]!.AsObject();
        string? Database(JsonNode? service, string variable) => service?["environment"]?[variable] is { } value
            ? Regex.Match((string)value!, "Database=([^;]+)").Groups[1].Value : null;

        var keyStores = services.Select(s => Database(s.Value, "ConnectionStrings__KeyStore")).OfType<string>().Distinct().ToList();
        var serviceDatabases = services.Select(s => Database(s.Value, "ConnectionStrings__Postgres")).OfType<string>().Distinct().ToList();
        Assert.Equal(["keystore"], keyStores);
        Assert.DoesNotContain("keystore", serviceDatabases);

        Assert.Contains("createdb -h postgres -U postgres keystore", string.Join(" ", services["keystore-db"]!["entrypoint"]!.AsArray().Select(a => (string)a!)));
        // The schema jobs (the others merge ordering-schema's keys) apply the key store's table: the database must exist by then.
        Assert.Equal("service_completed_successfully", (string)services["ordering-schema"]!["depends_on"]!["keystore-db"]!["condition"]!);
    }

    [Fact]
    public void the_broker_is_kraft_with_auto_creation_and_unclean_election_off()
    {
        var kafka = Compose["services"]!["kafka"]!["environment"]!;
        Assert.Equal("broker,controller", (string)kafka["KAFKA_PROCESS_ROLES"]!);
        Assert.Equal("false", (string)kafka["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]!);
        Assert.Equal("false", (string)kafka["KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE"]!);
    }
}
