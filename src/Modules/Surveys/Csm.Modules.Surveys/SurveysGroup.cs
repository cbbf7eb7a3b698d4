namespace Csm.Modules.Surveys;

/// <summary>Every Surveys endpoint: staff, and API keys with the "surveys" scope.</summary>
internal sealed class SurveysGroup() : ModuleGroup("surveys", "Surveys");
