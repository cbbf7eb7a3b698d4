using System.Data.Common;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Workflows;
using Dapper;
using FluentValidation;

namespace Csm.Modules.Tickets.Features.TicketTypes;

internal sealed record TicketTypeView
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public TicketKind Kind { get; init; }
    public string WorkflowCode { get; init; } = "";
    public TicketPriority DefaultPriority { get; init; }
    public bool IsActive { get; init; }
    public long Version { get; init; }
    [System.Text.Json.Serialization.JsonIgnore]
    public string FieldsJson { get; init; } = "[]";

    /// <summary>The type's own fields, asked at intake (see <see cref="Data.TicketFieldDefinition"/>).</summary>
    public IReadOnlyList<Data.TicketFieldDefinition> Fields => Data.TicketFields.Parse(FieldsJson);

    public const string Columns = "id, code, name, kind, workflow_code AS WorkflowCode, default_priority AS DefaultPriority, is_active AS IsActive, version, fields AS FieldsJson";

    public static Task<TicketTypeView?> ByCodeAsync(DbConnection c, string code, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<TicketTypeView>($"SELECT {Columns} FROM tkt_ticket_types WHERE code = @Code", new { Code = code }, tx);
}

/// <summary>What a request that saves a ticket type carries.</summary>
internal interface ITicketTypeShape
{
    string Name { get; }
    TicketKind Kind { get; }
    string WorkflowCode { get; }
    TicketPriority DefaultPriority { get; }
    IReadOnlyList<Data.TicketFieldDefinition>? Fields { get; }
}

internal abstract class TicketTypeShapeValidator<T> : FastEndpoints.Validator<T> where T : ITicketTypeShape
{
    protected TicketTypeShapeValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Kind).IsInEnum();
        RuleFor(r => r.DefaultPriority).IsInEnum();
        RuleFor(r => r.WorkflowCode).NotEmpty().MaximumLength(50);
        RuleFor(r => r.Fields).Custom((fields, context) =>
        {
            foreach (var (field, error) in Data.TicketFields.DefinitionProblems(fields)) context.AddFailure(field, error);
        });
    }

    /// <summary>The workflow must exist: checked against the database, so it is the handler's to call.</summary>
    public static async Task<bool> WorkflowExistsAsync(DbConnection c, string code, DbTransaction? tx = null) =>
        await WorkflowStore.CurrentAsync(c, code, tx) is not null;
}
