// Learner records: creation, profile, tier (operator only), deletion.
import { NotFound } from '../errors.ts';
import { requireLearner, type LearningDeps } from './deps.ts';
import type { Profile, Tier } from './profile.ts';
import type { LearnerView } from './views.ts';

export async function createLearner(deps: LearningDeps, tier: Tier = 'free'): Promise<LearnerView> {
  const id = deps.ids.uuid();
  const createdAt = deps.clock.now().toISOString();
  await deps.store.createLearner({ id, tier, createdAt });
  return { id, tier, profile: null, createdAt };
}

export async function getLearner(deps: LearningDeps, learnerId: string): Promise<LearnerView> {
  const l = await requireLearner(deps.store, learnerId);
  return { id: l.id, tier: l.tier, profile: l.profile, createdAt: l.createdAt };
}

/** Replaces the profile; paths are computed on read, so the next path reflects it at once. */
export async function updateProfile(deps: LearningDeps, learnerId: string, profile: Profile): Promise<LearnerView> {
  await requireLearner(deps.store, learnerId);
  await deps.store.setProfile(learnerId, profile);
  return getLearner(deps, learnerId);
}

/** Operator command: there is no payment flow, an operator sets the tier. */
export async function setTier(deps: LearningDeps, learnerId: string, tier: Tier): Promise<LearnerView> {
  if (!(await deps.store.setTier(learnerId, tier))) throw new NotFound('learner', learnerId);
  return getLearner(deps, learnerId);
}

export async function deleteLearner(deps: LearningDeps, learnerId: string): Promise<void> {
  if (!(await deps.store.deleteLearner(learnerId))) throw new NotFound('learner', learnerId);
}
