namespace Ordering.Api.Saga;

/// <summary>
/// The saga's alarm clock, set when an order is placed: a local message kept in the database and delivered
/// <see cref="SagaSettings.PaymentTimeout"/> later (see <c>OrderingModule</c>), so a restart does not lose it.
/// </summary>
public sealed record PaymentDeadline(Guid OrderId);
