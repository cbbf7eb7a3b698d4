using MediatR;

namespace Csm.Modules.Tickets.Contracts;

/// <summary>
/// Which of these saved ticket views exist and are seen by an audience: the person's own and the shared ones when a person
/// is named, the shared ones only when not (a dashboard shared with a team or a role).
/// </summary>
public sealed record FindTicketViews(IReadOnlyList<long> Ids, string? Person) : IRequest<IReadOnlyList<long>>;
