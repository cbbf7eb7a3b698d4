using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Data;

namespace Csm.Modules.Surveys.Templates;

/// <summary>A survey to start from: its name, what it is for, and the questions, in Chinese and English.</summary>
internal sealed record SurveyTemplate(string Key, LocalizedText Name, LocalizedText Purpose, Touchpoint Touchpoint, LocalizedText Title, IReadOnlyList<Question> Questions);

/// <summary>
/// The gallery every installation has (not only the demo): the surveys a service team starts with, each short enough to
/// answer on a phone in a minute, with the "why?" asked only of those who are not happy.
/// </summary>
internal static class SurveyTemplates
{
    private static LocalizedText T(string zh, string en) => new(zh, en);

    private static Question Why(string onQuestion, int max) =>
        new("why", QuestionKind.Text, T("主要是什么原因？", "What is the main reason?"), Required: false, ShowWhen: new ShowWhen(onQuestion, null, max));

    public static readonly IReadOnlyList<SurveyTemplate> All =
    [
        new("relationship-nps", T("客户关系 NPS", "Relationship NPS"), T("每季度或每半年问一次：客户愿意推荐我们吗？", "Asked each quarter or half-year: would the customer recommend us?"),
            Touchpoint.Service, T("您愿意推荐我们吗？", "Would you recommend us?"),
            [new("nps", QuestionKind.Nps, T("您有多大可能向朋友或同事推荐我们？", "How likely are you to recommend us to a friend or colleague?")), Why("nps", 8)]),
        new("ticket-csat", T("工单服务满意度 CSAT", "Ticket CSAT"), T("工单解决后发送：对这次服务满意吗？", "Sent when a ticket is solved: were they satisfied with this service?"),
            Touchpoint.Service, T("服务评价", "Rate our service"),
            [new("csat", QuestionKind.Csat, T("您对这次服务满意吗？", "How satisfied are you with this service?")), Why("csat", 3)]),
        new("support-ces", T("求助费力度 CES", "Support effort (CES)"), T("咨询或求助后发送：解决问题费不费力？", "Sent after a question or help request: how much effort did it take?"),
            Touchpoint.Service, T("解决问题容易吗？", "Was it easy?"),
            [new("ces", QuestionKind.Ces, T("解决您的问题有多费力？（1 = 非常容易 … 7 = 非常费力）", "How much effort did it take to solve your problem? (1 = very easy … 7 = very hard)")),
             new("why", QuestionKind.Text, T("哪一步最费力？", "Which step took the most effort?"), Required: false, ShowWhen: new ShowWhen("ces", 5, null))]),
        new("onboarding-check", T("新客户上手回访", "Onboarding check"), T("交付或开通后一个月：用得顺不顺？", "A month after delivery or activation: is it going well?"),
            Touchpoint.Onboarding, T("使用情况回访", "How is it going?"),
            [new("csat", QuestionKind.Csat, T("到目前为止，您对我们的产品和服务满意吗？", "So far, how satisfied are you with our product and service?")),
             new("trained", QuestionKind.SingleChoice, T("您的团队是否已经会用？", "Does your team know how to use it?"),
                 Choices: [new Choice("yes", T("已经会用", "Yes")), new Choice("partly", T("部分会用", "Partly")), new Choice("no", T("还不会", "Not yet"))]),
             Why("csat", 3)]),
        new("plain-satisfied", T("满意 / 不满意", "Satisfied or not"), T("最简单的一问，附上原因：适合短信和微信。", "The simplest question, with the reason: fits SMS and WeChat."),
            Touchpoint.Service, T("服务评价", "Your opinion"),
            [new("satisfied", QuestionKind.SingleChoice, T("您对这次服务满意吗？", "Were you satisfied with this service?"),
                 Choices: [new Choice("yes", T("满意", "Satisfied")), new Choice("no", T("不满意", "Not satisfied"))]),
             new("why", QuestionKind.Text, T("请告诉我们原因", "Please tell us why"), Required: false)]),
        new("post-visit", T("上门维修回访", "After an on-site visit"), T("上门维修完成后：工程师准时吗？修好了吗？", "After an on-site repair: was the engineer on time, is it fixed?"),
            Touchpoint.Service, T("上门服务评价", "Rate the visit"),
            [new("csat", QuestionKind.Csat, T("您对这次上门服务满意吗？", "How satisfied are you with the visit?")),
             new("onTime", QuestionKind.SingleChoice, T("工程师是否准时到达？", "Did the engineer arrive on time?"),
                 Choices: [new Choice("yes", T("准时", "On time")), new Choice("late", T("迟到", "Late"))]),
             new("fixed", QuestionKind.SingleChoice, T("问题是否已经解决？", "Is the problem fixed?"),
                 Choices: [new Choice("yes", T("已解决", "Fixed")), new Choice("no", T("未解决", "Not fixed"))]),
             new("engineer", QuestionKind.Rating, T("请给工程师打分", "Rate the engineer"), Required: false, Scale: 5),
             Why("csat", 3)]),
    ];
}
