// A ready login with believable progress, for app reviewers and demos (ChatGPT app review asks for
// one). Everything goes through the same use-cases a learner's requests do.
import { randomBytes } from 'node:crypto';
import {
  attemptPresentation,
  completeStep,
  correctAnswerOf,
  quizWithPresentedIds,
  visitStep,
  setTier,
  startAttempt,
  submitAttempt,
  updateProfile,
  type Course,
  type Tier,
} from '@cc/core';
import type { Runtime } from '../compose.ts';

export interface DemoOptions {
  email: string;
  password?: string;
  tier: Tier;
  courseId?: string;
}

export interface DemoAccount {
  email: string;
  /** Only when it was generated here (it is never stored in clear). */
  password?: string;
  learnerId: string;
  created: boolean;
  progress: string;
}

async function existingUserId(runtime: Runtime, email: string): Promise<string | undefined> {
  const row = await runtime.database.db.selectFrom('auth_user').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row?.id;
}

/** Completes the first chapter (lessons, quick checks, checkpoint) and starts the second. */
async function sampleProgress(runtime: Runtime, learnerId: string, course: Course): Promise<string> {
  const deps = runtime.learning;
  const [first, second] = course.chapters;
  let quizzes = 0;
  for (const stepId of [...(first?.stepIds ?? []), ...(second?.stepIds.slice(0, 1) ?? [])]) {
    const step = course.steps.find((s) => s.id === stepId);
    if (!step) continue;
    await visitStep(deps, learnerId, course.id, step.id);
    if (step.quizId) {
      const quiz = course.quizzes[step.quizId]!;
      const { attempt } = await startAttempt(deps, learnerId, course.id, quiz.id);
      // Answers use the attempt's opaque ids, as a learner's would.
      const presented = quizWithPresentedIds(quiz, attemptPresentation(deps.presentationSecret, learnerId, attempt.id));
      const answers = Object.fromEntries(presented.questions.map((q) => [q.id, correctAnswerOf(q)]));
      await submitAttempt(deps, learnerId, attempt.id, `demo-${attempt.id}`, { answers });
      quizzes++;
    }
    if (step.kind !== 'checkpoint') await completeStep(deps, learnerId, course.id, step.id);
  }
  return `chapter '${first?.title}' completed (${quizzes} quizzes passed), '${second?.title ?? '-'}' started`;
}

export async function createDemo(runtime: Runtime, options: DemoOptions): Promise<DemoAccount> {
  const courses = await runtime.catalog.list();
  const course = options.courseId ? courses.find((c) => c.id === options.courseId) : courses[0];
  if (!course) throw new Error(options.courseId ? `no course '${options.courseId}'` : 'no course is served');

  const known = await existingUserId(runtime, options.email);
  if (known) {
    await setTier(runtime.learning, known, options.tier);
    return { email: options.email, learnerId: known, created: false, progress: 'unchanged (the account already exists)' };
  }
  const password = options.password ?? randomBytes(12).toString('base64url');
  const res = await runtime.auth.api.signUpEmail({ body: { email: options.email, password, name: 'Demo Learner' } });
  const learnerId = res.user.id;
  await setTier(runtime.learning, learnerId, options.tier);
  await updateProfile(runtime.learning, learnerId, {
    softwareExperience: 'intermediate',
    mathsBackground: 'intermediate',
    goals: ['build'],
    weeklyMinutes: 180,
    timeZone: 'UTC',
    depth: 'standard',
  });
  const progress = await sampleProgress(runtime, learnerId, course);
  return { email: options.email, ...(options.password ? {} : { password }), learnerId, created: true, progress };
}
