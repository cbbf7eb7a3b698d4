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
}
