namespace Orders.ServiceDefaults.Messaging;

/// <summary>
/// Consumer group ids: <c>{prefix}-{service}</c> for the service, <c>{prefix}-{service}.{topic}</c> per listened topic.
/// One place, because the lag check must read the offsets of exactly the groups the listeners commit to.
/// </summary>
public static class ConsumerGroups
{
    public static string ForService(string prefix, string service) => $"{prefix}-{service}";

    public static string ForTopic(string prefix, string service, string topic) => ForTopic(ForService(prefix, service), topic);

    public static string ForTopic(string serviceGroup, string topic) => $"{serviceGroup}.{topic}";
}
