import type { Schemas } from '../api/client';

export interface TimelineEntry {
  at: string;
  kind: 'interaction' | 'ticket' | 'resolved';
  title: string;
  detail?: string | null;
}

type Overview = Schemas['CustomerOverviewResponse'];
type Interaction = Pick<Overview['recentInteractions'][number], 'interactedAt' | 'channel' | 'direction' | 'summary' | 'agent'>;
type Ticket = Pick<Overview['openTickets'][number], 'createdAt' | 'resolvedAt' | 'number' | 'subject' | 'stage'>;

/** What the timeline reads of the 360 view. */
interface View {
  recentInteractions: Interaction[];
  openTickets: Ticket[];
  recentTickets: Ticket[];
  openTasks: Ticket[];
}

/** Interactions, tickets opened and tickets resolved, newest first: what happened with the customer, in one line each. */
export function timelineOf(view: View): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const i of view.recentInteractions) {
    entries.push({ at: i.interactedAt, kind: 'interaction', title: `${i.channel} · ${i.direction}`, detail: `${i.summary}${i.agent ? ` — ${i.agent}` : ''}` });
  }
  for (const ticket of [...view.openTickets, ...view.recentTickets, ...view.openTasks]) {
    entries.push({ at: ticket.createdAt, kind: 'ticket', title: `${ticket.number} ${ticket.subject}`, detail: ticket.stage });
    if (ticket.resolvedAt) entries.push({ at: ticket.resolvedAt, kind: 'resolved', title: `${ticket.number} ${ticket.subject}`, detail: ticket.stage });
  }
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
