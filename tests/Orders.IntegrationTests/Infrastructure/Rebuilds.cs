using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Alba;
using Npgsql;

namespace Orders.IntegrationTests.Infrastructure;

/// <summary>What a rebuild answers (<c>RebuildReport</c>), as a client reads it.</summary>
public sealed record RebuildReportDto(string Projection, long EventsRead, long Undecodable, double EventsPerSecond,
    int LiveDocuments, int RebuiltDocuments, List<Guid> Differing, bool Swapped, long CaughtUp, string Summary);

/// <summary>The rebuild tests' shared steps: ask a service for a rebuild, damage a document first, see where a rebuild is.</summary>
public static class Rebuilds
{
    /// <summary><c>POST /admin/projections/{projection}/rebuild?swap=…</c>, which must answer 200; its report.</summary>
    public static async Task<RebuildReportDto> RunAsync(IAlbaHost service, string projection, string swap)
    {
        var response = await SuiteClient.Admin(service).PostAsync($"/admin/projections/{projection}/rebuild?swap={swap}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RebuildReportDto>(SuiteClient.Json))!;
    }

    /// <summary>Runs a statement on one document's row (<c>@id</c>), the "bug" a rebuild repairs; exactly one row must change.</summary>
    public static async Task ChangeOneRowAsync(string database, string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>The log line of a rebuild (<c>Rebuild {projection}</c>) that has read, decoded and folded its last slice: it swaps next.</summary>
    public static Func<string, bool> LastSliceFolded(string projection) => line =>
        Regex.Match(line, $@"Rebuild {projection}: slice (\d+) of (\d+) folded") is { Success: true } m && m.Groups[1].Value == m.Groups[2].Value;
}
