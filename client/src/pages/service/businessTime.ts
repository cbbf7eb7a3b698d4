/** Business minutes shown as hours and minutes, and back: SLA targets are stored in minutes. */
export function splitMinutes(total: number | undefined | null): { hours: number; minutes: number } {
  const t = Math.max(0, Math.round(total ?? 0));
  return { hours: Math.floor(t / 60), minutes: t % 60 };
}

export function joinMinutes(hours: number | undefined | null, minutes: number | undefined | null): number {
  return Math.max(0, Math.round((hours ?? 0) * 60 + (minutes ?? 0)));
}

/** "4 h 30 min" / "4小时30分钟", from the unit words of the reader's language. */
export function formatMinutes(total: number | undefined | null, units: { h: string; min: string }): string {
  const { hours, minutes } = splitMinutes(total);
  if (hours && minutes) return `${hours} ${units.h} ${minutes} ${units.min}`;
  if (hours) return `${hours} ${units.h}`;
  return `${minutes} ${units.min}`;
}
