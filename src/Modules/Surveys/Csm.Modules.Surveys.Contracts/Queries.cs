using MediatR;

namespace Csm.Modules.Surveys.Contracts;

/// <summary>Which of these theme codes name a feedback theme now, for a module that links to themes (an improvement plan).</summary>
public sealed record FindFeedbackThemes(IReadOnlyList<string> Codes) : IRequest<IReadOnlyList<string>>;
