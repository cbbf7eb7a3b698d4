
namespace Csm.Modules.Customers.Data;

/// <summary>The rules every customer write obeys, whether it comes from the API or an import row.</summary>
internal sealed class CustomerInputRules : AbstractValidator<CustomerInput>
{
    public CustomerInputRules()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(400);
        RuleFor(c => c.Tier).NotEmpty().Must(t => Vocabulary.Tiers.Contains(t)).WithMessage(Vocabulary.OneOf(Vocabulary.Tiers));
        RuleFor(c => c.Kind).Must(k => Vocabulary.Kinds.Contains(k)).When(c => c.Kind is not null).WithMessage(Vocabulary.OneOf(Vocabulary.Kinds));
        RuleFor(c => c.Language).Must(l => Vocabulary.Languages.Contains(l)).When(c => c.Language is not null).WithMessage(Vocabulary.OneOf(Vocabulary.Languages));
        RuleFor(c => c.AccountManager).MaximumLength(100);
        RuleFor(c => c.LifecycleStatus).Must(s => Vocabulary.LifecycleStatuses.Contains(s)).When(c => c.LifecycleStatus is not null)
            .WithMessage(Vocabulary.OneOf(Vocabulary.LifecycleStatuses));
        RuleFor(c => c.CreditCode).Must(code => MatchKeys.CreditCode(code) is not null).When(c => !string.IsNullOrWhiteSpace(c.CreditCode))
            .WithMessage("Not a unified social credit code: 18 characters of 0-9 and A-Y without I, O, S, V, Z, the last one the check digit of the other 17 (GB 32100-2015).");
        RuleFor(c => c.Contacts).Must(c => c!.Count <= 50).When(c => c.Contacts is not null).WithMessage("At most 50 contacts.");
        RuleForEach(c => c.Contacts).ChildRules(contact =>
        {
            contact.RuleFor(x => x.Name).MaximumLength(200);
            contact.RuleFor(x => x.Role).MaximumLength(100);
            contact.RuleFor(x => x.Phone).MaximumLength(50).Must(p => MatchKeys.Phone(p) is not null).When(x => !string.IsNullOrWhiteSpace(x.Phone))
                .WithMessage("Not a phone number: digits with spaces, dashes or brackets; a mobile (13800138000), a landline with its area code (010 6552 9988) or + / 00 and the country code.");
            contact.RuleFor(x => x.Email).EmailAddress().MaximumLength(320).When(x => !string.IsNullOrEmpty(x.Email));
            contact.RuleFor(x => x.WeChat).MaximumLength(100);
            contact.RuleFor(x => x).Must(x => !string.IsNullOrWhiteSpace(x.Phone) || !string.IsNullOrWhiteSpace(x.Email) || !string.IsNullOrWhiteSpace(x.WeChat))
                .WithName("contact").WithMessage("A contact needs a phone, an e-mail or a WeChat id.");
        });
        RuleFor(c => c.Tags).Must(t => t!.Count <= 50).When(c => c.Tags is not null).WithMessage("At most 50 tags.");
        RuleForEach(c => c.Tags).NotEmpty().MaximumLength(100);
        RuleForEach(c => c.ExternalIds).ChildRules(e =>
        {
            e.RuleFor(x => x.Source).NotEmpty().MaximumLength(100);
            e.RuleFor(x => x.Id).NotEmpty().MaximumLength(200);
        });
        RuleFor(c => c.ExternalIds).Must(ids => ids!.DistinctBy(i => i.Source).Count() == ids!.Count)
            .When(c => c.ExternalIds is not null).WithMessage("One external id per source system.");
    }
}
