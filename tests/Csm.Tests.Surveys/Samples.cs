namespace Csm.Tests.Surveys;

/// <summary>Survey templates as a manager would send them.</summary>
internal static class Samples
{
    public static object Text(string zh, string en) => new { zh, en };

    /// <summary>NPS with a "why?" shown to detractors and passives (0–8), then an optional CES.</summary>
    public static object NpsSurvey(string name = "After-sales NPS") => new
    {
        name,
        touchpoint = "service",
        title = Text("服务满意度调查", "Service satisfaction survey"),
        questions = new object[]
        {
            new { key = "nps", kind = "nps", text = Text("您有多大可能向朋友推荐我们？", "How likely are you to recommend us to a friend?") },
            new { key = "why", kind = "text", required = false, text = Text("为什么？", "Why?"), showWhen = new { question = "nps", max = 8 } },
            new { key = "effort", kind = "ces", required = false, text = Text("解决问题花了您多少精力？（1 = 非常容易 … 7 = 非常费力）", "How much effort did it take to solve your problem? (1 = very easy … 7 = very hard)") },
        },
    };

    public static object CsatSurvey(string name = "Ticket CSAT") => new
    {
        name,
        touchpoint = "service",
        title = Text("服务评价", "Rate our service"),
        questions = new object[]
        {
            new { key = "csat", kind = "csat", text = Text("您对本次服务满意吗？", "How satisfied are you with our service?") },
            new { key = "comment", kind = "text", required = false, text = Text("还有什么想说的？", "Anything else?") },
        },
    };

    /// <summary>Every question kind once.</summary>
    public static object EveryKindSurvey() => new
    {
        name = "Everything",
        touchpoint = "purchase",
        title = Text("购买体验", "Purchase experience"),
        questions = new object[]
        {
            new { key = "nps", kind = "nps", text = Text("推荐？", "Recommend?") },
            new { key = "csat", kind = "csat", text = Text("满意？", "Satisfied?") },
            new { key = "ces", kind = "ces", text = Text("容易？", "Easy?") },
            new { key = "stars", kind = "rating", scale = 10, text = Text("打分", "Rate 1-10") },
            new
            {
                key = "channel", kind = "singleChoice", text = Text("渠道", "Channel"),
                choices = new[] { new { key = "web", text = Text("网站", "Web") }, new { key = "store", text = Text("门店", "Store") } },
            },
            new
            {
                key = "liked", kind = "multipleChoice", required = false, text = Text("喜欢什么", "What did you like"),
                choices = new[] { new { key = "price", text = Text("价格", "Price") }, new { key = "speed", text = Text("速度", "Speed") }, new { key = "staff", text = Text("员工", "Staff") } },
            },
            new { key = "why", kind = "text", required = false, text = Text("为什么？", "Why?") },
        },
    };
}
