using System.Reflection;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.BuildingBlocks.Messaging;

/// <summary>
/// The handlers of each integration event type, learned once from the service registrations
/// (<c>INotificationHandler&lt;T&gt;</c> → its class): the outbox builds only the handler it runs, by its type, and calls
/// it through a typed delegate, never by reflection per call. A handler's name in the inbox is its class's full name.
/// </summary>
public sealed class EventHandlers
{
    public sealed record Handler(string Name, Func<IServiceProvider, INotification, CancellationToken, Task> HandleAsync);

    private readonly Dictionary<Type, Handler[]> _byEvent;

    public EventHandlers(IServiceCollection registrations) => _byEvent = registrations
        .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(INotificationHandler<>))
        .Select(d => (Event: d.ServiceType.GetGenericArguments()[0], Implementation: d.ImplementationType
            ?? throw new InvalidOperationException($"A handler of {d.ServiceType.Name} must be registered by its class, so the outbox can name it in the inbox.")))
        .GroupBy(h => h.Event)
        .ToDictionary(g => g.Key, g => g.Select(h => Create(h.Event, h.Implementation)).DistinctBy(h => h.Name).ToArray());

    public IReadOnlyList<Handler> For(Type eventType) => _byEvent.GetValueOrDefault(eventType) ?? [];

    private static Handler Create(Type eventType, Type implementation)
    {
        var factory = ActivatorUtilities.CreateFactory(implementation, Type.EmptyTypes);
        var handle = typeof(EventHandlers).GetMethod(nameof(HandleAs), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(eventType)
            .CreateDelegate<Func<object, INotification, CancellationToken, Task>>();
        return new Handler(implementation.FullName!, (services, notification, ct) => handle(factory(services, null), notification, ct));
    }

    private static Task HandleAs<TEvent>(object handler, INotification notification, CancellationToken ct) where TEvent : INotification =>
        ((INotificationHandler<TEvent>)handler).Handle((TEvent)notification, ct);
}
