/** The queue's filters as they stand in the URL (so a link shares them) and as the API takes them. */
export const filterNames = ['status', 'stage', 'assignee', 'team', 'customerId', 'priority', 'type', 'channel', 'atRisk', 'breached', 'q', 'tag', 'field'] as const;
export type FilterName = (typeof filterNames)[number];

export interface QueueQuery {
  Status?: string; Stage?: string; Assignee?: string; Team?: string; CustomerId?: number; Priority?: string;
  Type?: string; Channel?: string; AtRisk?: boolean; Breached?: boolean; Q?: string; Tag?: string; Field?: string; Page: number; PageSize: number;
}

/** Without a status in the URL the queue shows what is not closed; "all" lifts the filter. */
export function queueQuery(params: URLSearchParams): QueueQuery {
  const text = (name: FilterName) => params.get(name) || undefined;
  const status = params.get('status') ?? 'active';
  const customerId = Number(params.get('customerId'));
  const positive = (name: string, fallback: number) => {
    const n = Number(params.get(name));
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return {
    Status: status === 'all' ? undefined : status,
    Stage: text('stage'), Assignee: text('assignee'), Team: text('team'),
    CustomerId: Number.isInteger(customerId) && customerId > 0 ? customerId : undefined,
    Priority: text('priority'), Type: text('type'), Channel: text('channel'),
    AtRisk: params.get('atRisk') === 'true' ? true : undefined,
    Breached: params.get('breached') === 'true' ? true : undefined,
    Q: text('q'), Tag: text('tag'), Field: text('field'),
    Page: positive('page', 1), PageSize: positive('pageSize', 25),
  };
}

/** The URL after changing some filters: empty values removed; any filter change goes back to the first page. */
export function withChanges(params: URLSearchParams, changes: Record<string, string | number | boolean | undefined | null>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === null || value === '' || value === false) next.delete(name);
    else next.set(name, String(value));
  }
  if (!('page' in changes)) next.delete('page');
  return next;
}
