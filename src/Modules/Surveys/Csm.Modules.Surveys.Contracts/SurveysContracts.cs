namespace Csm.Modules.Surveys.Contracts;

/// <summary>Anchor for the module's contract assembly.</summary>
public static class SurveysContracts;
