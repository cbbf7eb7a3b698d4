using Csm.Modules.Customers.Data;

namespace Csm.Tests.Customers;

public sealed class MatchKeyTests
{
    [TestCase("13800138000", "+8613800138000")]
    [TestCase("138 0013 8000", "+8613800138000")]
    [TestCase("138-0013-8000", "+8613800138000")]
    [TestCase("１３８００１３８０００", "+8613800138000")]
    [TestCase("+86 138 0013 8000", "+8613800138000")]
    [TestCase("＋86 (138) 0013-8000", "+8613800138000")]
    [TestCase("008613800138000", "+8613800138000")]
    [TestCase("8613800138000", "+8613800138000")]
    [TestCase("010-6552 9988", "+861065529988")]
    [TestCase("0755 8888 1234", "+8675588881234")]
    [TestCase("+44 20 7946 0958", "+442079460958")]
    [TestCase("0044 20 7946 0958", "+442079460958")]
    public void Phones_become_e164_with_china_as_the_default_country(string typed, string e164) =>
        Assert.That(MatchKeys.Phone(typed), Is.EqualTo(e164));

    [TestCase("call me maybe")]
    [TestCase("12345")]
    [TestCase("1380013800")]
    [TestCase("+86 138 0013 80001")]
    [TestCase("")]
    public void What_is_not_a_phone_has_no_key(string typed) => Assert.That(MatchKeys.Phone(typed), Is.Null);

    [TestCase("91350100M000100Y43")]
    [TestCase("91350100m000100y43")]
    [TestCase("９１３５０１００Ｍ０００１００Ｙ４３")]
    public void A_credit_code_with_its_check_digit_is_kept_in_upper_case(string typed) =>
        Assert.That(MatchKeys.CreditCode(typed), Is.EqualTo("91350100M000100Y43"));

    [TestCase("91350100M000100Y44")]
    [TestCase("91350100M000100Y4")]
    [TestCase("91350100M0001I0Y43")]
    public void A_credit_code_with_a_wrong_check_digit_or_shape_is_refused(string typed) => Assert.That(MatchKeys.CreditCode(typed), Is.Null);

    [Test]
    public void Company_names_lose_legal_forms_china_full_width_and_spaces()
    {
        string[] same = ["华为技术有限公司", "华为技术（中国）有限公司", "华为技术(中国)股份有限公司", " 华为 技术 有限责任公司", "华为技术"];
        Assert.That(same.Select(MatchKeys.CompanyName).Distinct(), Is.EqualTo(new[] { "华为技术" }));
        Assert.That(MatchKeys.CompanyName("ＡＣＭＥ Trading Co., Ltd."), Is.EqualTo(MatchKeys.CompanyName("acme trading")));
    }

    [Test]
    public void E_mails_compare_trimmed_in_lower_case() => Assert.That(MatchKeys.Email("  Li.Lei@Example.COM "), Is.EqualTo("li.lei@example.com"));

    [Test]
    public void Company_names_one_edit_apart_and_only_those_meet_through_their_variants()
    {
        string[] names =
        [
            "宁波金辉电机", "宁波市金辉电机", "宁波金晖电机", "宁波金辉电机厂", "杭州金辉电机", "金辉宁波电机", "宁波辉金电机",
            "acmetrading", "acmetradng", "acmetradnig", "acmetradingco", "金辉电机", "金光电机", "金辉电", "金辉电机厂",
            "customer000001", "customer000002", "customer00001", "金辉电机一厂", "金辉电机二厂", "金辉电机厂二",
        ];
        foreach (var a in names)
        foreach (var b in names.Where(b => b != a))
        {
            // b is stored (its name and, being a company, its variants); a arrives and is probed.
            var stored = new HashSet<MatchKey>(MatchKeys.NameVariants(b).Append(new MatchKey(MatchKey.Name, b)));
            var found = MatchKeys.SimilarNameProbes(a).Any(stored.Contains);
            var longEnough = Math.Max(a.Length, b.Length) >= MatchKeys.SimilarNameMinLength;
            Assert.That(found, Is.EqualTo(longEnough && OneOutOfEach(a, b)), $"{a} ~ {b}");
            // Every pair one edit apart in a letter is among them (and pairs one character out of each, such as 宁波市金辉电机 ~ 宁波金辉电机厂).
            if (longEnough && Distance(a, b) == 1 && !NumbersDiffer(a, b)) Assert.That(found, Is.True, $"{a} ~ {b}: one edit apart");
        }
        Assert.That(MatchKeys.Of("宁波金辉电机有限公司", null, [], "company").Count(k => k.Kind == MatchKey.NameVariant), Is.EqualTo(6));
        Assert.That(MatchKeys.Of("Zhang Weiming", null, [], "person").Any(k => k.Kind == MatchKey.NameVariant), Is.False, "people are not matched by similar names");
    }

    private const string Numerals = "0123456789〇零一二三四五六七八九十百千万";

    /// <summary>
    /// Whether leaving at most one character that is not a number out of each makes the two equal, tried every way by the
    /// test (numbers tell companies apart: 一厂 and 二厂 are two plants).
    /// </summary>
    private static bool OneOutOfEach(string a, string b)
    {
        IEnumerable<string> Out(string s) => Enumerable.Range(0, s.Length).Where(i => !Numerals.Contains(s[i])).Select(i => s.Remove(i, 1)).Append(s);
        return Out(a).Intersect(Out(b)).Any();
    }

    private static bool NumbersDiffer(string a, string b) => !a.Where(Numerals.Contains).SequenceEqual(b.Where(Numerals.Contains));

    /// <summary>Edits (add, leave out, change, swap two neighbours) from one string to the other, counted by the test itself.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
