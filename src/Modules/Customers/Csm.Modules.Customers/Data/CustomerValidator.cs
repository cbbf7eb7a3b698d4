using FluentValidation.Results;

namespace Csm.Modules.Customers.Data;

/// <summary>
/// A customer request's validator: the common rules and the custom fields as defined right now, so one 400 names
/// every bad field, custom ones included.
/// </summary>
internal abstract class CustomerValidator<T> : FastEndpoints.Validator<T> where T : CustomerInput
{
    protected CustomerValidator(CustomFieldCatalog catalog)
    {
        Include(new CustomerInputRules());
        RuleFor(r => r.CustomFields).CustomAsync(async (values, context, ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            CustomFieldValues.Check(await catalog.LoadAsync(ct), values, errors);
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages) context.AddFailure(new ValidationFailure(field, message));
            }
        });
    }
}
