using MediatR;

namespace Csm.Modules.Rules.Contracts;

/// <summary>Which of these rule ids name a rule now, for a module that refers to rules (a dashboard's tile of a rule's firings).</summary>
public sealed record FindRules(IReadOnlyList<long> Ids) : IRequest<IReadOnlyList<long>>;
