namespace Orders.ServiceDefaults;

/// <summary>Which service this process is; its database schema carries the same name.</summary>
public sealed record ServiceIdentity(string Name)
{
    public string Schema => Name;
}
