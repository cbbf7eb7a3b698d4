namespace Csm.Modules.Surveys;

/// <summary>The "Surveys" configuration section.</summary>
internal sealed class SurveysOptions
{
    /// <summary>Where the SPA's public survey page lives; links are {PublicBaseUrl}/s/{token}.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
    public int DefaultValidDays { get; set; } = 14;
}
