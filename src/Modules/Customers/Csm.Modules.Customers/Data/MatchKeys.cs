using System.Text;

namespace Csm.Modules.Customers.Data;

/// <summary>One kind of key a customer is recognised by, and what it looks like normalised.</summary>
internal sealed record MatchKey(string Kind, string Key)
{
    public const string Email = "email", Phone = "phone", CreditCode = "creditCode", Name = "name";

    /// <summary>A company's normalised name with one character left out (see <see cref="MatchKeys.NameVariants"/>).</summary>
    public const string NameVariant = "nameVariant";

    /// <summary>A key that says "the same customer" on its own; a name, or a name one character away, only says "perhaps".</summary>
    public bool Strong => Kind is not (Name or NameVariant);
}

/// <summary>
/// The one normaliser for recognising a customer across systems: an e-mail in lower case, a phone in E.164 (the default
/// country's code where the number has none: a Chinese mobile 138… is +86138…, a landline 010… is +8610…), the unified
/// social credit code (统一社会信用代码) checked by its GB 32100-2015 check digit, a company name without its legal form
/// (有限公司, 股份有限公司, (中国)…), spaces and full-width forms.
/// </summary>
internal static class MatchKeys
{
    /// <summary>The country code a number without one belongs to (Customers:DefaultCountryCode, 86 unless set).</summary>
    public static string DefaultCountryCode { get; set; } = "86";

    public static IReadOnlyList<MatchKey> Of(CustomerState s) => Of(s.Name, s.CreditCode, s.Contacts, s.Kind);

    /// <summary>The keys of a customer of a kind: a company also has its name's variants, a person does not (namesakes are common).</summary>
    public static IReadOnlyList<MatchKey> Of(string? customerName, string? creditCode, IEnumerable<Contact> contacts, string kind)
    {
        var keys = Of(customerName, creditCode, contacts);
        return kind == "person" ? keys : [.. keys, .. NameVariants(CompanyName(customerName))];
    }

    /// <summary>The shortest normalised company name that has variants: shorter names one character apart are as often two companies.</summary>
    public const int SimilarNameMinLength = 5;

    /// <summary>
    /// A normalised company name with one character left out, at each place. Two names that become equal when at most one
    /// character is left out of each share a variant, or one is a variant of the other, so one indexed lookup of these keys
    /// finds them: every pair one edit apart (a character added, left out or changed, or two neighbours swapped: 宁波金辉电机
    /// and 宁波市金辉电机, 金辉电机厂 and 金晖电机厂), and pairs one character out of each (宁波市金辉电机 and 宁波金辉电机厂).
    /// </summary>
    public static IEnumerable<MatchKey> NameVariants(string name) =>
        name.Length < SimilarNameMinLength
            ? []
            : Enumerable.Range(0, name.Length).Where(i => !char.IsSurrogate(name[i]) && !IsNumeral(name[i])).Select(i => name.Remove(i, 1)).Distinct()
                .Select(v => new MatchKey(MatchKey.NameVariant, v));

    /// <summary>
    /// Numbers tell companies apart (Customer 000001 and Customer 000002, 金辉电机一厂 and 金辉电机二厂): a digit or a Chinese
    /// numeral is never left out, so names that differ in one are not similar.
    /// </summary>
    private static bool IsNumeral(char ch) => char.IsDigit(ch) || "〇零一二三四五六七八九十百千万".Contains(ch);

    /// <summary>The keys whose holders have a name similar to <paramref name="name"/> (see <see cref="NameVariants"/>; not the name itself).</summary>
    public static IEnumerable<MatchKey> SimilarNameProbes(string name) =>
        name.Length < SimilarNameMinLength - 1
            ? []
            : NameVariants(name).SelectMany(v => new[] { v, new MatchKey(MatchKey.Name, v.Key) })
                .Append(new MatchKey(MatchKey.NameVariant, name)).Distinct();

    public static IReadOnlyList<MatchKey> Of(string? customerName, string? creditCode, IEnumerable<Contact> contacts)
    {
        var keys = new List<MatchKey>();
        if (CompanyName(customerName) is { Length: > 0 } name) keys.Add(new(MatchKey.Name, name));
        if (CreditCode(creditCode) is { } credit) keys.Add(new(MatchKey.CreditCode, credit));
        foreach (var contact in contacts)
        {
            if (Email(contact.Email) is { } email) keys.Add(new(MatchKey.Email, email));
            if (Phone(contact.Phone) is { } phone) keys.Add(new(MatchKey.Phone, phone));
        }
        return keys.Distinct().ToList();
    }

    public static string? Email(string? typed) =>
        string.IsNullOrWhiteSpace(typed) ? null : Narrow(typed).Trim().ToLowerInvariant();

    /// <summary>The number in E.164 (+ and 8 to 15 digits), or null when it is not a phone number.</summary>
    public static string? Phone(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var text = Narrow(typed).Trim();
        var digits = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsAsciiDigit(ch)) digits.Append(ch);
            else if (ch == '+' && i == 0) continue;
            else if (ch is not (' ' or '-' or '.' or '(' or ')' or '\u00a0')) return null;
        }
        var d = digits.ToString();
        string international;
        if (text.StartsWith('+')) international = d;
        else if (d.StartsWith("00", StringComparison.Ordinal)) international = d[2..];
        else if (DefaultCountryCode == "86" && d.Length == 13 && d.StartsWith("861", StringComparison.Ordinal)) international = d;
        else if (d.StartsWith('0')) international = DefaultCountryCode + d[1..];
        else if (DefaultCountryCode == "86" && !(d.Length == 11 && d[0] == '1')) return null;
        else international = DefaultCountryCode + d;
        if (international.Length is < 8 or > 15 || international[0] == '0') return null;
        // A Chinese mobile has 11 digits after +86; a landline 9 to 11 (area code without its 0, then the number).
        if (international.StartsWith("861", StringComparison.Ordinal) && international[3] >= '3' && international.Length != 13) return null;
        return "+" + international;
    }

    private const string CreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>The 18-character unified social credit code in upper case, or null when it is malformed or its check digit is wrong.</summary>
    public static string? CreditCode(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var code = Narrow(typed).Trim().ToUpperInvariant();
        if (code.Length != 18) return null;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = CreditAlphabet.IndexOf(code[i]);
            if (value < 0) return null;
            sum += value * CreditWeights[i];
        }
        var check = (31 - sum % 31) % 31;
        return code[17] == CreditAlphabet[check] ? code : null;
    }

    private static readonly string[] LegalForms =
    [
        "股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司",
        "co.,ltd.", "co.,ltd", "co.ltd.", "co.ltd", "ltd.", "ltd", "limited", "inc.", "inc", "corp.", "corp", "llc", "gmbh",
    ];

    /// <summary>A name to compare: half-width, lower case, without spaces, punctuation, "(中国)" and the legal form at its end.</summary>
    public static string CompanyName(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return "";
        var name = Narrow(typed).ToLowerInvariant().Replace("(中国)", "", StringComparison.Ordinal);
        name = new string(name.Where(ch => !char.IsWhiteSpace(ch)).ToArray());
        for (var trimmed = true; trimmed;)
        {
            trimmed = false;
            name = name.TrimEnd(',', '.', ' ');
            foreach (var form in LegalForms)
            {
                if (name.Length > form.Length && name.EndsWith(form, StringComparison.Ordinal))
                {
                    name = name[..^form.Length];
                    trimmed = true;
                    break;
                }
            }
        }
        return new string(name.Where(ch => char.IsLetterOrDigit(ch)).ToArray());
    }

    /// <summary>Full-width forms (ＡＢＣ１２３（）＋, the ideographic space) as their ASCII twins.</summary>
    private static string Narrow(string text) => text.Normalize(NormalizationForm.FormKC);
}
