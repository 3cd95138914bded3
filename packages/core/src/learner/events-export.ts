import { toXapiStatements } from '../xapi/export.ts';
import { requireLearner, type LearningDeps } from './deps.ts';
import type { LearningEvent } from './events.ts';

export async function listEvents(
  deps: LearningDeps,
  learnerId: string,
  options: { limit: number; after?: string; since?: string },
): Promise<{ events: LearningEvent[]; next: string | null }> {
  await requireLearner(deps.store, learnerId);
  const events = await deps.store.listEvents(learnerId, options);
  return { events, next: events.length === options.limit ? (events.at(-1)?.id ?? null) : null };
}

export interface XapiOptions {
  activityBase: string;
  accountHomePage: string;
}

export async function exportXapi(deps: LearningDeps, learnerId: string, options: { limit: number; after?: string; since?: string }, xapi: XapiOptions) {
  const page = await listEvents(deps, learnerId, options);
  return { statements: toXapiStatements(page.events, { ...xapi, platform: 'Course Companion' }), next: page.next };
}
