import { getStep, requireCourse, requireStep } from '../course/navigation.ts';
import { Conflict } from '../errors.ts';
import { learnerLevel } from '../progress/path.ts';
import { assertAccess, chapterCompletion, checkAccess, type Access } from './access.ts';
import { activityDayOf, eventFactory, learnerInCourse, type LearningDeps } from './deps.ts';
import { anonymousSnapshot, type LearnerSnapshot } from './snapshot.ts';
import type { PersonalisedStepView, StepCompletionView, StepVisitView } from './views.ts';

function personalise(view: Awaited<ReturnType<typeof getStep>>, snapshot: LearnerSnapshot): PersonalisedStepView {
  const level = learnerLevel(snapshot.profile);
  const audiences = level === 'beginner' ? ['beginner'] : level === 'advanced' ? ['advanced'] : ['beginner', 'advanced'];
  return {
    ...view,
    blocks: view.blocks.map((b) => ({ ...b, shown: b.audience === 'all' || audiences.includes(b.audience) })),
    personalisation: { level, audiences: audiences as ('beginner' | 'advanced')[], profileSet: snapshot.hasProfile },
    completed: snapshot.learnerId ? snapshot.completed.has(view.step.id) : null,
  };
}

/** Anonymous step views, once per loaded course (content version) and step; never mutated. */
const anonymousViews = new WeakMap<object, Map<string, PersonalisedStepView>>();

/**
 * Opens a step for a learner (or an anonymous visitor, who is treated as a free learner with no
 * progress): checks tier and prerequisites and personalises the blocks. Reading changes nothing:
 * the view and the resume position are recorded by `visitStep`, an explicit call.
 */
export async function openStep(deps: LearningDeps, learnerId: string | undefined, courseId: string, stepId: string): Promise<PersonalisedStepView> {
  if (learnerId === undefined) {
    const course = await requireCourse(deps, courseId);
    const { step } = requireStep(course, stepId);
    const snapshot = anonymousSnapshot();
    assertAccess(course, step, snapshot);
    let views = anonymousViews.get(course);
    if (!views) anonymousViews.set(course, (views = new Map()));
    let view = views.get(step.id);
    if (!view) views.set(step.id, (view = personalise(await getStep(deps, courseId, stepId), snapshot)));
    return view;
  }
  const { course, snapshot } = await learnerInCourse(deps, learnerId, courseId);
  const { step } = requireStep(course, stepId);
  assertAccess(course, step, snapshot);
  return personalise(await getStep(deps, courseId, stepId), snapshot);
}

/**
 * Records that the learner is on a step: moves the resume position there and appends a `viewed`
 * event. The same gates as opening apply (unknown step 404, premium 402, locked 423), so a
 * position never points at a step the learner cannot open.
 */
export async function visitStep(deps: LearningDeps, learnerId: string, courseId: string, stepId: string): Promise<StepVisitView> {
  return (await visit(deps, learnerId, courseId, stepId)).visit;
}

/**
 * Records the visit (visitStep) and opens the step (openStep) with one read of the learner's state:
 * the visit changes only the position and the event log, which the step view does not show.
 */
export async function visitAndOpenStep(deps: LearningDeps, learnerId: string, courseId: string, stepId: string): Promise<PersonalisedStepView> {
  const { snapshot } = await visit(deps, learnerId, courseId, stepId);
  return personalise(await getStep(deps, courseId, stepId), snapshot);
}

async function visit(deps: LearningDeps, learnerId: string, courseId: string, stepId: string) {
  const { learner, course, snapshot } = await learnerInCourse(deps, learnerId, courseId);
  const { step } = requireStep(course, stepId);
  assertAccess(course, step, snapshot);
  const now = deps.clock.now();
  const event = eventFactory(deps, learner.id, course.id, now);
  await deps.store.setPosition(learner.id, course.id, step.id, now.toISOString(), [
    event('viewed', { chapterId: step.chapterId, stepId: step.id, data: { title: step.title } }),
  ]);
  const view: StepVisitView = { courseId: course.id, stepId: step.id, chapterId: step.chapterId, visitedAt: now.toISOString() };
  return { visit: view, snapshot };
}

export async function stepAccess(deps: LearningDeps, learnerId: string | undefined, courseId: string, stepId: string): Promise<Access> {
  if (learnerId === undefined) {
    const course = await requireCourse(deps, courseId);
    return checkAccess(course, requireStep(course, stepId).step, anonymousSnapshot());
  }
  const { course, snapshot } = await learnerInCourse(deps, learnerId, courseId);
  return checkAccess(course, requireStep(course, stepId).step, snapshot);
}

/** Marks a lesson, exercise or reading complete. Idempotent; checkpoints complete by passing their quiz. */
export async function completeStep(deps: LearningDeps, learnerId: string, courseId: string, stepId: string): Promise<StepCompletionView> {
  const { learner, course, snapshot } = await learnerInCourse(deps, learnerId, courseId);
  const { step, index } = requireStep(course, stepId);
  assertAccess(course, step, snapshot);
  if (step.kind === 'checkpoint') throw new Conflict(`'${step.title}' is completed by passing its quiz '${step.quizId}'`);
  const now = deps.clock.now();
  const event = eventFactory(deps, learner.id, course.id, now);
  const before = chapterCompletion(course, step.chapterId, snapshot);
  // What a first completion records, decided here; the store writes it in the completion's own
  // statement, and only if that statement completed the step (a twin request writes nothing).
  const completedNow = new Map(snapshot.completed).set(step.id, now.toISOString());
  const after = chapterCompletion(course, step.chapterId, { ...snapshot, completed: completedNow });
  const events = [event('completed', { chapterId: step.chapterId, stepId: step.id, data: { title: step.title } })];
  if (after !== before) events.push(event('progressed', { chapterId: step.chapterId, data: { completion: after } }));
  const newly = await deps.store.markCompleted(learner.id, course.id, step.id, now.toISOString(), { events, activityDay: activityDayOf(learner, now) });
  const completed = newly ? completedNow : snapshot.completed;
  const next = course.steps[index + 1];
  return {
    courseId: course.id,
    stepId: step.id,
    completed: true,
    newlyCompleted: newly,
    chapterCompletion: chapterCompletion(course, step.chapterId, { ...snapshot, completed }),
    next: next ? { id: next.id, chapterId: next.chapterId, title: next.title } : null,
  };
}
