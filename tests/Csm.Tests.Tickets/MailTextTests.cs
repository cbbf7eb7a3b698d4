using Csm.Modules.Tickets.Mail;

namespace Csm.Tests.Tickets;

/// <summary>What a person wrote in an e-mail, as text: HTML turned into words, the earlier mail a reply quotes cut off.</summary>
public sealed class MailTextTests
{
    [TestCase("Still broken.\n\nOn Mon, 1 Dec 2026 at 10:00, Service <service@csm.test> wrote:\n> We have your request", "Still broken.")]
    [TestCase("Still broken.\n\nOn Mon, 1 Dec 2026 at 10:00, Customer Service\n<service@csm.test> wrote:\n> We have your request", "Still broken.")]
    [TestCase("好的，明天上午可以。\n\n-----原始邮件-----\n发件人: 客户服务\n发送时间: 2026年12月1日\n主题: 上门时间", "好的，明天上午可以。")]
    [TestCase("Thanks.\n\nFrom: Customer Service <service@csm.test>\nSent: Monday, December 1, 2026 10:00\nSubject: RE: repair", "Thanks.")]
    [TestCase("收到。\n\n张三 <zhang@example.cn> 于2026年12月1日周一 10:00写道：\n> 您好", "收到。")]
    [TestCase("Here it is.\n> quoted line\n> another", "Here it is.")]
    [TestCase("> only a quote", "> only a quote")]
    [TestCase("From: the warehouse, two boxes arrived.\nPlease check.", "From: the warehouse, two boxes arrived.\nPlease check.")]
    public void The_quoted_earlier_mail_is_cut_where_it_is_clearly_marked(string text, string kept) =>
        Assert.That(MailText.Body(text, null), Is.EqualTo(kept));

    [Test]
    public void Html_becomes_the_words_a_reader_sees_without_scripts_styles_or_the_quoted_reply()
    {
        const string html = """
            <html><head><style>.x{color:red}</style><title>t</title></head><body>
            <div>您好，</div><p>机器又报 <b>E-21</b> 了。</p><ul><li>型号 X200</li><li>序列号 7781</li></ul>
            <script>document.location='https://evil.example'</script>
            <div class="gmail_quote">On Mon wrote:<blockquote>earlier mail</blockquote></div>
            <blockquote type="cite">old text</blockquote>
            </body></html>
            """;

        var words = MailText.Body(null, html);

        Assert.That(words, Is.EqualTo("您好，\n\n机器又报 E-21 了。\n\n型号 X200\n\n序列号 7781"));
    }

    [Test]
    public void The_text_part_wins_over_the_html_part_and_control_characters_are_dropped() =>
        Assert.That(MailText.Body("plain\u0000 words\u0007", "<p>html words</p>"), Is.EqualTo("plain words"));
}
