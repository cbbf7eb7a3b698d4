using FluentValidation;

namespace Csm.Host.Auth;

/// <summary>
/// What a staff password must be, in one place for every form that sets one: long enough (<c>Auth:PasswordMinLength</c>,
/// default 10), at most 200 characters, not one of the passwords every guesser tries first (also with digits or
/// punctuation added), not the user name, and not a few characters repeated. Length and a block list rather than
/// "one capital, one symbol" rules, which people meet with Password1!.
/// </summary>
internal static class PasswordPolicy
{
    public const int DefaultMinLength = 10;
    public const int MaxLength = 200;
    private const int MinDistinct = 5;

    /// <summary>The most guessed passwords, Chinese users' favourites included; compared in lower case.</summary>
    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "password", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty", "qwertyuiop", "qwertyuiop[]", "asdfghjkl", "zxcvbnm", "1qaz2wsx",
        "1qaz2wsx3edc", "qazwsx", "qazwsxedc", "abc123", "abcdefg", "abcdefgh", "abcdefghij", "letmein", "welcome", "iloveyou", "admin",
        "administrator", "root", "changeme", "monkey", "dragon", "sunshine", "football", "baseball", "master", "superman", "batman",
        "trustno1", "starwars", "princess", "shadow", "michael", "jennifer", "computer", "internet", "whatever", "secret", "login",
        "woaini", "woaini1314", "wo123456", "aini1314", "5201314", "1314520", "520520", "zhang", "wang", "li", "liu", "chen",
        "huawei", "xiaomi", "baidu", "taobao", "alibaba", "tencent", "qq123456", "csm", "service", "support", "helpdesk", "customer",
        "1234567890", "0987654321", "12345678910", "123123123", "1234512345", "1122334455", "9876543210", "0123456789", "147258369",
        "159357", "147258", "123qwe", "qwe123", "1q2w3e4r", "1q2w3e4r5t", "zaq12wsx", "summer", "winter", "spring", "autumn",
    };

    public static IRuleBuilderOptions<T, string?> StrongPassword<T>(this IRuleBuilderInitial<T, string?> rule, int minLength, Func<T, string?>? userName = null) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty()
            .MinimumLength(minLength)
            .MaximumLength(MaxLength)
            .Must(p => p is null || !IsCommon(p)).WithMessage("This password is one of the first that anyone guessing would try; choose another.")
            .Must(p => p is null || p.Distinct().Count() >= MinDistinct).WithMessage($"Use at least {MinDistinct} different characters.")
            .Must((request, p) => p is null || userName?.Invoke(request) is not { Length: >= 3 } name || !p.Contains(name, StringComparison.OrdinalIgnoreCase))
            .WithMessage("The password must not contain the user name.");

    public static int MinLength(IConfiguration configuration) => Math.Max(8, configuration.GetValue("Auth:PasswordMinLength", DefaultMinLength));

    /// <summary>A common password, also with digits or punctuation put before or after it ("Password2026!").</summary>
    internal static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        if (Common.Contains(lower)) return true;
        var core = lower.Trim("0123456789!@#$%^&*.?_-+= ".ToCharArray());
        return core.Length == 0 || Common.Contains(core) || (core.All(char.IsDigit) && core.Length < 12);
    }
}
