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
    /// <param name="HandleRunAsync">Set when the handler also takes a run of its events at once (<see cref="IBatchNotificationHandler{TEvent}"/>).</param>
    public sealed record Handler(string Name, Func<IServiceProvider, INotification, CancellationToken, Task> HandleAsync,
        Func<IServiceProvider, IReadOnlyList<INotification>, CancellationToken, Task>? HandleRunAsync = null);

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
        Func<IServiceProvider, IReadOnlyList<INotification>, CancellationToken, Task>? handleRun = null;
        if (typeof(IBatchNotificationHandler<>).MakeGenericType(eventType).IsAssignableFrom(implementation))
        {
            var run = typeof(EventHandlers).GetMethod(nameof(HandleRunAs), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(eventType)
                .CreateDelegate<Func<object, IReadOnlyList<INotification>, CancellationToken, Task>>();
            handleRun = (services, notifications, ct) => run(factory(services, null), notifications, ct);
        }
        return new Handler(implementation.FullName!, (services, notification, ct) => handle(factory(services, null), notification, ct), handleRun);
    }

    private static Task HandleRunAs<TEvent>(object handler, IReadOnlyList<INotification> notifications, CancellationToken ct) where TEvent : INotification =>
        ((IBatchNotificationHandler<TEvent>)handler).Handle(notifications.Cast<TEvent>().ToList(), ct);

    private static Task HandleAs<TEvent>(object handler, INotification notification, CancellationToken ct) where TEvent : INotification =>
        ((INotificationHandler<TEvent>)handler).Handle((TEvent)notification, ct);
}

/// <summary>
/// A handler that also takes a run of its events at once, in order, all or nothing: the outbox gives it the consecutive
/// messages of its type that a write turn holds (set-based SQL instead of one round of statements per event). If the
/// run fails, its writes are undone and each event is given to <c>Handle(TEvent)</c> alone, so one bad event fails only
/// itself. The handler must mean the same by both.
/// </summary>
public interface IBatchNotificationHandler<in TEvent> : INotificationHandler<TEvent> where TEvent : INotification
{
    Task Handle(IReadOnlyList<TEvent> events, CancellationToken ct);
}
