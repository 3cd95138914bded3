// Response shapes of the learning use-cases: the single source for the REST door's OpenAPI
// document and (later) the MCP door's output schemas.
import { z } from 'zod';
import { StepRefView, StepView } from '../course/views.ts';
import { Profile, Tier } from './profile.ts';

export const PersonalisedStepView = StepView.extend({
  blocks: z.array(
    z.object({
      audience: z.enum(['all', 'beginner', 'advanced']),
      title: z.string().optional(),
      markdown: z.string(),
      shown: z.boolean().describe("Whether this learner's path shows the block (others can be revealed on request)"),
    }),
  ),
  personalisation: z.object({
    level: z.enum(['beginner', 'standard', 'advanced']),
    audiences: z.array(z.enum(['beginner', 'advanced'])),
    profileSet: z.boolean(),
  }),
  completed: z.boolean().nullable().describe('null for anonymous visitors'),
});
export type PersonalisedStepView = z.infer<typeof PersonalisedStepView>;

export const StepCompletionView = z.object({
  courseId: z.string(),
  stepId: z.string(),
  completed: z.literal(true),
  newlyCompleted: z.boolean(),
  chapterCompletion: z.number().int().min(0).max(100),
  next: StepRefView.nullable(),
});
export type StepCompletionView = z.infer<typeof StepCompletionView>;

export const StepVisitView = z.object({
  courseId: z.string(),
  stepId: z.string().describe('The resume position: where the learner continues'),
  chapterId: z.string(),
  visitedAt: z.string().describe('When the view was recorded (ISO 8601)'),
});
export type StepVisitView = z.infer<typeof StepVisitView>;

export const RequirementView = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('step'),
    stepId: z.string(),
    title: z.string(),
    quizId: z.string(),
    minScore: z.number(),
    currentScore: z.number().nullable(),
  }),
  z.object({
    type: z.literal('chapter'),
    chapterId: z.string(),
    title: z.string(),
    minCompletion: z.number(),
    currentCompletion: z.number(),
  }),
]);

export const AccessView = z.discriminatedUnion('allowed', [
  z.object({ allowed: z.literal(true) }),
  z.object({
    allowed: z.literal(false),
    reason: z.enum(['upgrade', 'locked']),
    requiredTier: z.enum(['premium', 'pro']).optional(),
    chapterId: z.string().optional(),
    requirements: z.array(RequirementView).optional(),
  }),
]);
export type AccessView = z.infer<typeof AccessView>;

export const LearnerView = z.object({
  id: z.string(),
  tier: Tier,
  profile: Profile.nullable(),
  createdAt: z.string(),
});
export type LearnerView = z.infer<typeof LearnerView>;

export const StepStatus = z.enum(['completed', 'available', 'locked', 'upgrade']);

export const QuizProgressView = z.object({
  quizId: z.string(),
  score: z.number().nullable().describe('The recorded score (best or last attempt, per policy)'),
  passed: z.boolean(),
  attemptsUsed: z.number().int().describe('Submitted attempts in the current round'),
  attemptsRemaining: z.number().int().nullable().describe('Left in the current round; null: unlimited'),
  nextRoundAt: z.string().nullable().describe('When the round is used up: when a new round of attempts opens'),
});

export const CourseProgressView = z.object({
  courseId: z.string(),
  completion: z.number().int().min(0).max(100).describe('% of core steps completed'),
  resume: StepRefView.nullable().describe('Where to continue: the last opened step, else the first open step not done'),
  chapters: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      completion: z.number().int().min(0).max(100),
      status: z.enum(['completed', 'in_progress', 'not_started', 'locked', 'upgrade']),
      checkpoint: QuizProgressView.nullable(),
      steps: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          status: StepStatus,
          completedAt: z.string().nullable(),
          quiz: QuizProgressView.nullable().describe("The step's quiz (quick check or checkpoint), if it has one"),
        }),
      ),
    }),
  ),
});
export type CourseProgressView = z.infer<typeof CourseProgressView>;

export const StreakView = z.object({
  timeZone: z.string(),
  today: z.string().describe("The learner's local date"),
  current: z.number().int(),
  longest: z.number().int(),
  activeToday: z.boolean(),
  lastActiveDay: z.string().nullable(),
});
export type StreakView = z.infer<typeof StreakView>;

export const EventView = z.object({
  id: z.string(),
  type: z.enum(['viewed', 'completed', 'answered', 'passed', 'failed', 'progressed', 'reviewed', 'hint_revealed', 'bookmarked']),
  at: z.string(),
  courseId: z.string(),
  chapterId: z.string().optional(),
  stepId: z.string().optional(),
  quizId: z.string().optional(),
  questionId: z.string().optional(),
  attemptId: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});

export const EventPageView = z.object({
  events: z.array(EventView),
  next: z.string().nullable().describe('Pass as `after` to get the next page'),
});
