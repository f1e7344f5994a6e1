namespace Orders.ServiceDefaults.Recovery;

/// <summary>
/// Written before a restore inserts its first document and deleted after its last: a service that starts and finds it
/// was stopped mid-restore, so its documents are a part of the state, not the state, and are restored again. Without it
/// the next start would see documents, take them for the whole state and let replayed commands decide again.
/// </summary>
/// <param name="Id">The restored document type's name: one marker per kind of state.</param>
public sealed record RestoreInProgress(string Id, DateTimeOffset StartedAt);
