using Csm.BuildingBlocks.Messaging;

namespace Csm.Modules.Customers.Contracts;

/// <summary>A customer was created or changed (by the API, an import or a CRM push). Carries the whole profile.</summary>
public sealed record CustomerUpserted(
    long CustomerId,
    long Version,
    string Name,
    CustomerKind Kind,
    CustomerTier Tier,
    string? AccountManager,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string?> CustomFields,
    string? Email,
    string? Phone,
    string Language,
    bool Created) : IntegrationEvent;

/// <summary>A customer's personal data was erased; other modules drop or anonymise what they keep about them.</summary>
public sealed record CustomerErased(long CustomerId) : IntegrationEvent;

public sealed record ContractUpserted(
    long ContractId, long CustomerId, string Number, DateOnly StartsOn, DateOnly EndsOn, decimal Value, string Status) : IntegrationEvent;

public sealed record AssetUpserted(
    long AssetId, long CustomerId, string Model, string? SerialNumber, DateOnly? InstalledOn, DateOnly? NextMaintenanceOn) : IntegrationEvent;

public sealed record OrderRecorded(
    long OrderId, long CustomerId, DateOnly OrderedOn, decimal Amount, string Product) : IntegrationEvent;

public sealed record InteractionRecorded(
    long InteractionId, long CustomerId, string Channel, string Direction, string Summary, string? Agent, DateTimeOffset InteractedAt) : IntegrationEvent;
