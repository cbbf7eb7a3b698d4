namespace Csm.Modules.Reports.Voice;

/// <summary>Contribution.Category in SQL over rpt_responses: NPS where the survey asked it, else the Surveys module's reading.</summary>
internal static class VoiceCategory
{
    public const string Of = """
        CASE WHEN nps >= 9 THEN 'promoter' WHEN nps >= 7 THEN 'passive' WHEN nps IS NOT NULL THEN 'detractor'
          WHEN classification = 'happy' THEN 'promoter' WHEN classification = 'unhappy' THEN 'detractor' ELSE 'passive' END
        """;

    public const string IsDetractor = "((nps IS NOT NULL AND nps <= 6) OR (nps IS NULL AND classification = 'unhappy'))";
}
