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

/// <summary>
/// Two customers became one: whatever a module keeps about <paramref name="MergedId"/> (tickets, tasks, survey responses and
/// invitations, rule facts, report rows) now belongs to <paramref name="SurvivorId"/>. Handlers move it idempotently.
/// </summary>
public sealed record CustomerMerged(long SurvivorId, long MergedId) : IntegrationEvent;

/// <summary>
/// A merge was undone: the merged customer is back, and the records that were theirs before the merge (listed by id;
/// what was added to the survivor since stays with the survivor) move back from <paramref name="SurvivorId"/>.
/// </summary>
public sealed record CustomerUnmerged(
    long SurvivorId, long RestoredId, IReadOnlyList<long> TicketIds, IReadOnlyList<long> ResponseIds,
    IReadOnlyList<long> ContractIds, IReadOnlyList<long> AssetIds, IReadOnlyList<long> OrderIds) : IntegrationEvent;

public sealed record ContractUpserted(
    long ContractId, long CustomerId, string Number, DateOnly StartsOn, DateOnly EndsOn, decimal Value, string Status) : IntegrationEvent;

public sealed record AssetUpserted(
    long AssetId, long CustomerId, string Model, string? SerialNumber, DateOnly? InstalledOn, DateOnly? NextMaintenanceOn) : IntegrationEvent;

public sealed record OrderRecorded(
    long OrderId, long CustomerId, DateOnly OrderedOn, decimal Amount, string Product) : IntegrationEvent;

public sealed record InteractionRecorded(
    long InteractionId, long CustomerId, string Channel, string Direction, string Summary, string? Agent, DateTimeOffset InteractedAt) : IntegrationEvent;

/// <summary>
/// A customer's lifecycle status changed: <paramref name="Status"/> is active, atRisk, churned or wonBack;
/// <paramref name="Explicit"/> when an import, the API, a person or a rule said so, false when derived from contracts and
/// orders; <paramref name="Since"/> when the status began (the newest one wins on redelivery).
/// </summary>
public sealed record CustomerLifecycleChanged(long CustomerId, string Status, bool Explicit, DateTimeOffset Since) : IntegrationEvent;
