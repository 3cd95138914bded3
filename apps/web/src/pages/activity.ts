// Learning events turned into per-day activity in the learner's time zone (the streak's own rule:
// completing a step, answering a question or reviewing a card makes a day active; opening one does not).
import { api, call, type Schemas } from '../api/client';

type LearningEvent = Schemas['EventPage']['events'][number];
const ACTIVE: ReadonlySet<LearningEvent['type']> = new Set(['completed', 'answered', 'reviewed']);

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The n dates ending at `today` (YYYY-MM-DD), oldest first. */
export function lastDays(today: string, n: number): string[] {
  const end = Date.parse(`${today}T12:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

export async function fetchEventsSince(since: Date, maxPages = 10): Promise<LearningEvent[]> {
  const out: LearningEvent[] = [];
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await call(api.GET('/api/v1/me/events', { params: { query: { limit: 500, since: since.toISOString(), ...(after && { after }) } } }));
    out.push(...res.events);
    if (!res.next) break;
    after = res.next;
  }
  return out;
}

export function activityByDay(events: readonly LearningEvent[], timeZone: string): Map<string, number> {
  const days = new Map<string, number>();
  for (const e of events) {
    if (!ACTIVE.has(e.type)) continue;
    const day = localDate(new Date(e.at), timeZone);
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return days;
}
