// The learner's own data. The learner id comes only from the bearer session (identify.ts):
// no route takes a learner id in its path, query or body.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { jsonOnce } from '../http/cached-json.ts';
import { clearedGuestCookie, guestCookie } from '../auth/guest-upgrade.ts';
import {
  AccessView,
  AnswerSchema,
  answerReview,
  completeStep,
  courseProgress,
  CourseProgressView,
  createLearner,
  deleteLearner,
  dueReviews,
  EventPageView,
  exportXapi,
  getAttempt,
  getLearner,
  GradedAttemptSchema,
  Invalid,
  learningPath,
  listQuizAttempts,
  QuizAttemptsSchema,
  LearningPathSchema,
  LearnerView,
  listEvents,
  mastery,
  MasteryView,
  OpenAttemptSchema,
  openStep,
  visitStep,
  StepVisitView,
  PersonalisedStepView,
  Profile,
  revealHint,
  DueReviewsSchema,
  ReviewResultSchema,
  startAttempt,
  StepCompletionView,
  stepAccess,
  streak,
  StreakView,
  submitAttempt,
  SubmissionSchema,
  updateProfile,
  type LearningDeps,
  IdempotencyKey as CoreIdempotencyKey,
} from '@cc/core';
import type { Accounts } from '../auth/accounts.ts';
import { requireLearnerId, type IdentityVariables, type WebSessions } from '../auth/identify.ts';
import { newToken, hashToken, SESSION_DAYS, type SessionStore } from '../auth/sessions.ts';
import { authResponses as sharedAuthResponses, json, learnerSecurity, named, openApiRouter, optionalLearnerSecurity, problemContent, problemResponses, Slug } from '../http/openapi.ts';
import { problem, zodIssues } from '../http/problem.ts';


/** An answer body of the wrong shape is invalid input for the quiz (422), like an id the question lacks. */
const answersHook = (result: { success: true } | { success: false; error: z.ZodError; target: string }, c: Context): undefined => {
  if (result.success) return undefined;
  if (result.target === 'json') throw new Invalid('some answers are not valid for this quiz', zodIssues(result.error));
  // Other parts (path, headers) keep the router's 400; the hook's type only admits the 200 body.
  return problem(c, 400, `The request ${result.target} is not valid`, { issues: zodIssues(result.error) }) as never;
};
// The published document words this route family's 401 as it always has.
const authResponses = {
  ...sharedAuthResponses,
  401: { description: 'Missing, malformed or expired bearer token', content: problemContent },
} as const;
const gatedResponses = {
  ...authResponses,
  402: { description: 'Premium content: the answer names the tier that opens it, and has none of the content', content: problemContent },
  423: { description: 'Locked until prerequisites hold: the answer lists them, and has none of the content', content: problemContent },
} as const;
const conflict = { 409: { description: 'Not possible in the current state (e.g. no attempts left, already submitted)', content: problemContent } } as const;
const invalid = { 422: { description: 'The body is well-formed but not valid for this resource', content: problemContent } } as const;
const optionalAuth = optionalLearnerSecurity;

const param = (name: string, example: string) => Slug.openapi({ param: { name, in: 'path' }, example });
const CourseParams = z.object({ courseId: param('courseId', 'genai-fundamentals') });
const StepParams = CourseParams.extend({ stepId: param('stepId', 'what-is-an-llm') });
const QuizParams = CourseParams.extend({ quizId: param('quizId', 'how-llms-work-checkpoint') });
const Uuid = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });
const AttemptParams = z.object({ attemptId: Uuid('attemptId') });
const CardParams = z.object({ cardId: Uuid('cardId') });
const IdempotencyKey = CoreIdempotencyKey.clone().openapi({ description: 'A client-chosen unique key; resending it returns the same result' });

/** GET /me/courses/{courseId}<suffix>: a read model of the learner's progress in one course. */
function courseRead<S extends z.ZodType>(suffix: string, summary: string, schema: S) {
  return createRoute({
    method: 'get',
    path: `/me/courses/{courseId}${suffix}`,
    tags: ['Progress'],
    summary,
    security: learnerSecurity,
    request: { params: CourseParams },
    responses: { 200: json(schema, summary), ...authResponses },
  });
}

const SessionView = z
  .object({ token: z.string().describe('Send as `Authorization: Bearer <token>`'), expiresAt: z.string(), learner: named(LearnerView, 'Learner') })
  .openapi('Session');

const SessionState = z.object({
  signedIn: z.boolean(),
  /** The learner behind the token or cookie; null when anonymous. */
  learner: z.union([named(LearnerView, 'Learner'), z.null()]),
});

const routes = {
  guest: createRoute({
    method: 'post',
    path: '/sessions/guest',
    tags: ['Learner'],
    summary: 'Start a guest learner session (a new learner with its own bearer token)',
    responses: { 201: json(SessionView, 'The new session'), 500: problemResponses[500] },
  }),
  signOut: createRoute({
    method: 'delete',
    path: '/sessions/current',
    tags: ['Learner'],
    summary: 'Sign out: revoke the bearer token (or web session cookie) used for this request',
    security: learnerSecurity,
    responses: { 204: { description: 'Signed out' }, ...authResponses },
  }),
  session: createRoute({
    method: 'get',
    path: '/sessions/current',
    tags: ['Learner'],
    summary:
      'Who this request is: the signed-in learner, or `signedIn: false` for an anonymous caller (200 either way, so a page probing for a session logs no error; an unknown or expired bearer token is 401)',
    security: optionalAuth,
    responses: { 200: json(named(SessionState, 'SessionState'), 'The session, if any'), ...authResponses },
  }),
  me: createRoute({ method: 'get', path: '/me', tags: ['Learner'], summary: 'The signed-in learner', security: learnerSecurity, responses: { 200: json(named(LearnerView, 'Learner'), 'The learner'), ...authResponses } }),
  deleteMe: createRoute({
    method: 'delete',
    path: '/me',
    tags: ['Learner'],
    summary: 'Delete the learner, their account (if any) and all of their data',
    security: learnerSecurity,
    responses: { 204: { description: 'Deleted' }, ...authResponses },
  }),
  profile: createRoute({
    method: 'put',
    path: '/me/profile',
    tags: ['Learner'],
    summary: 'Set the learner profile (re-plans the path at once)',
    security: learnerSecurity,
    request: { body: { required: true, content: { 'application/json': { schema: named(Profile, 'Profile') } } } },
    responses: { 200: json(named(LearnerView, 'Learner'), 'The learner with the new profile'), ...authResponses },
  }),
  step: createRoute({
    method: 'get',
    path: '/courses/{courseId}/steps/{stepId}',
    tags: ['Steps'],
    summary: "One step's content (verbatim Markdown), personalised blocks and neighbours; changes nothing (record the visit with PUT /me/courses/{courseId}/position)",
    security: optionalAuth,
    request: { params: StepParams },
    responses: { 200: json(named(PersonalisedStepView, 'Step'), 'The step'), ...gatedResponses },
  }),
  access: createRoute({
    method: 'get',
    path: '/courses/{courseId}/steps/{stepId}/access',
    tags: ['Steps'],
    summary: 'Whether the caller may open a step, and if not what is needed (tier or prerequisites)',
    security: optionalAuth,
    request: { params: StepParams },
    responses: { 200: json(named(AccessView, 'Access'), 'The access decision'), ...authResponses },
  }),
  position: createRoute({
    method: 'put',
    path: '/me/courses/{courseId}/position',
    tags: ['Progress'],
    summary: 'Record that the learner is on a step: moves the resume position and records the view (same gates as opening the step)',
    security: learnerSecurity,
    request: { params: CourseParams, body: { required: true, content: { 'application/json': { schema: z.strictObject({ stepId: Slug }).openapi('PositionUpdate') } } } },
    responses: { 200: json(named(StepVisitView, 'StepVisit'), 'The new resume position'), ...gatedResponses },
  }),
  complete: createRoute({
    method: 'post',
    path: '/me/courses/{courseId}/steps/{stepId}/complete',
    tags: ['Progress'],
    summary: 'Mark a lesson, exercise or reading step complete (idempotent)',
    security: learnerSecurity,
    request: { params: StepParams },
    responses: { 200: json(named(StepCompletionView, 'StepCompletion'), 'Completed'), ...gatedResponses, ...conflict },
  }),
  progress: courseRead('/progress', 'Completion per chapter and step, checkpoint scores, and where to resume', named(CourseProgressView, 'CourseProgress')),
  path: courseRead(
    '/path',
    "The learner's personalised path: core, optional and skipped steps, and the estimated finish date",
    named(LearningPathSchema, 'LearningPath'),
  ),
  mastery: courseRead('/mastery', 'Mastery per concept and chapter, and knowledge gaps', named(MasteryView, 'Mastery')),
  streak: createRoute({
    method: 'get',
    path: '/me/streak',
    tags: ['Progress'],
    summary: "Current and longest streak, in the learner's time zone",
    security: learnerSecurity,
    responses: { 200: json(named(StreakView, 'Streak'), 'The streak'), ...authResponses },
  }),
  start: createRoute({
    method: 'post',
    path: '/me/courses/{courseId}/quizzes/{quizId}/attempts',
    tags: ['Quizzes'],
    summary: 'Start an attempt (or resume the open one); the quiz comes without answer keys',
    security: learnerSecurity,
    request: { params: QuizParams },
    responses: { 200: json(named(OpenAttemptSchema, 'OpenAttempt'), 'The open attempt'), ...gatedResponses, ...conflict },
  }),
  quizAttempts: createRoute({
    method: 'get',
    path: '/me/courses/{courseId}/quizzes/{quizId}/attempts',
    tags: ['Quizzes'],
    summary: "The learner's attempts at a quiz (ids, times, scores), attempts left and when a new round opens",
    security: learnerSecurity,
    request: { params: QuizParams },
    responses: { 200: json(named(QuizAttemptsSchema, 'QuizAttempts'), 'The attempts, oldest first'), ...authResponses },
  }),
  attempt: createRoute({
    method: 'get',
    path: '/me/attempts/{attemptId}',
    tags: ['Quizzes'],
    summary: 'An attempt: the quiz while open; once submitted, the graded attempt renderable alone (questions and texts as shown, answers, scores, solutions as the policy allows)',
    security: learnerSecurity,
    request: { params: AttemptParams },
    responses: {
      200: json(z.union([named(OpenAttemptSchema, 'OpenAttempt'), named(GradedAttemptSchema, 'GradedAttempt')]), 'The attempt'),
      ...authResponses,
    },
  }),
  hint: createRoute({
    method: 'post',
    path: '/me/attempts/{attemptId}/hints',
    tags: ['Quizzes'],
    summary: 'Reveal the next hint for a question of an open attempt',
    security: learnerSecurity,
    request: { params: AttemptParams, body: { required: true, content: { 'application/json': { schema: z.strictObject({ questionId: Slug }) } } } },
    responses: {
      200: json(z.object({ questionId: z.string(), index: z.number().int(), text: z.string(), remaining: z.number().int() }).openapi('Hint'), 'The hint'),
      ...gatedResponses,
      ...conflict,
    },
  }),
  submit: createRoute({
    method: 'post',
    path: '/me/attempts/{attemptId}/submit',
    tags: ['Quizzes'],
    summary: 'Submit answers; graded once (idempotent on the Idempotency-Key header)',
    security: learnerSecurity,
    request: {
      params: AttemptParams,
      headers: z.object({ 'idempotency-key': IdempotencyKey }),
      body: { required: true, content: { 'application/json': { schema: SubmissionSchema } } },
    },
    responses: { 200: json(named(GradedAttemptSchema, 'GradedAttempt'), 'The graded attempt'), ...gatedResponses, ...conflict, ...invalid },
  }),
  due: createRoute({
    method: 'get',
    path: '/me/reviews/due',
    tags: ['Reviews'],
    summary: 'Questions due for spaced review (FSRS), without answer keys',
    security: learnerSecurity,
    request: { query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }) },
    responses: { 200: json(named(DueReviewsSchema, 'DueReviews'), 'Due reviews'), ...authResponses },
  }),
  answerReview: createRoute({
    method: 'post',
    path: '/me/reviews/{cardId}/answer',
    tags: ['Reviews'],
    summary: 'Answer a due review card (idempotent on the Idempotency-Key header); reschedules it',
    security: learnerSecurity,
    request: {
      params: CardParams,
      headers: z.object({ 'idempotency-key': IdempotencyKey }),
      body: { required: true, content: { 'application/json': { schema: z.strictObject({ answer: AnswerSchema }).openapi('ReviewAnswer') } } },
    },
    responses: { 200: json(named(ReviewResultSchema, 'ReviewResult'), 'Graded and rescheduled'), ...authResponses, ...conflict, ...invalid },
  }),
  events: createRoute({
    method: 'get',
    path: '/me/events',
    tags: ['Events'],
    summary: "The learner's learning events, oldest first (keyset pagination)",
    security: learnerSecurity,
    request: {
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(100),
        after: z.uuid().optional(),
        since: z.iso.datetime({ offset: true }).optional(),
      }),
    },
    responses: { 200: json(named(EventPageView, 'EventPage'), 'Events'), ...authResponses },
  }),
  xapi: createRoute({
    method: 'get',
    path: '/me/events/xapi',
    tags: ['Events'],
    summary: 'The same events as xAPI 1.0.3 statements',
    security: learnerSecurity,
    request: {
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(100),
        after: z.uuid().optional(),
        since: z.iso.datetime({ offset: true }).optional(),
      }),
    },
    responses: {
      200: json(z.object({ statements: z.array(z.record(z.string(), z.unknown())), next: z.string().nullable() }).openapi('XapiStatements'), 'Statements'),
      ...authResponses,
    },
  }),
};

export interface LearnerRouteDeps {
  learning: LearningDeps;
  sessions: SessionStore;
  publicUrl: string;
  /** Cookie sessions (Better Auth): signing out of one revokes it. */
  webSessions?: WebSessions;
  /** Accounts: deleting the learner also deletes their account. */
  accounts?: Accounts;
}

export function learnerRoutes({ learning, sessions, publicUrl, webSessions, accounts }: LearnerRouteDeps) {
  const xapiOptions = { activityBase: `${publicUrl}/xapi/activities`, accountHomePage: publicUrl };
  return openApiRouter<{ Variables: IdentityVariables }>()
    .openapi(routes.guest, async (c) => {
      const learner = await createLearner(learning);
      const token = newToken();
      const now = learning.clock.now();
      const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
      await sessions.create({ tokenHash: hashToken(token), learnerId: learner.id, createdAt: now.toISOString(), expiresAt });
      c.header('set-cookie', guestCookie(token, new Date(expiresAt), now, publicUrl), { append: true });
      return c.json({ token, expiresAt, learner }, 201);
    })
    .openapi(routes.signOut, async (c) => {
      requireLearnerId(c);
      const tokenHash = c.get('tokenHash');
      if (tokenHash) await sessions.revoke(tokenHash);
      else await webSessions?.revoke(c.req.raw.headers);
      c.header('set-cookie', clearedGuestCookie(publicUrl), { append: true });
      return c.body(null, 204);
    })
    .openapi(routes.session, async (c) => {
      const learnerId = c.get('learnerId');
      if (learnerId === undefined) return c.json({ signedIn: false, learner: null }, 200);
      return c.json({ signedIn: true, learner: await getLearner(learning, learnerId) }, 200);
    })
    .openapi(routes.me, async (c) => c.json(await getLearner(learning, requireLearnerId(c)), 200))
    .openapi(routes.deleteMe, async (c) => {
      const learnerId = requireLearnerId(c);
      await deleteLearner(learning, learnerId);
      await accounts?.deleteAccount(learnerId);
      c.header('set-cookie', clearedGuestCookie(publicUrl), { append: true });
      return c.body(null, 204);
    })
    .openapi(routes.profile, async (c) => c.json(await updateProfile(learning, requireLearnerId(c), c.req.valid('json')), 200))
    .openapi(routes.step, async (c) => {
      const { courseId, stepId } = c.req.valid('param');
      const learnerId = c.get('learnerId');
      const view = await openStep(learning, learnerId, courseId, stepId);
      // An anonymous view is the same object for every visitor of this content version.
      return learnerId === undefined ? jsonOnce(c, view) : c.json(view, 200);
    })
    .openapi(routes.access, async (c) => {
      const { courseId, stepId } = c.req.valid('param');
      return c.json(await stepAccess(learning, c.get('learnerId'), courseId, stepId), 200);
    })
    .openapi(routes.position, async (c) => {
      const learnerId = requireLearnerId(c);
      return c.json(await visitStep(learning, learnerId, c.req.valid('param').courseId, c.req.valid('json').stepId), 200);
    })
    .openapi(routes.complete, async (c) => {
      const { courseId, stepId } = c.req.valid('param');
      return c.json(await completeStep(learning, requireLearnerId(c), courseId, stepId), 200);
    })
    .openapi(routes.progress, async (c) => c.json(await courseProgress(learning, requireLearnerId(c), c.req.valid('param').courseId), 200))
    .openapi(routes.path, async (c) => c.json(await learningPath(learning, requireLearnerId(c), c.req.valid('param').courseId), 200))
    .openapi(routes.mastery, async (c) => c.json(await mastery(learning, requireLearnerId(c), c.req.valid('param').courseId), 200))
    .openapi(routes.streak, async (c) => c.json(await streak(learning, requireLearnerId(c)), 200))
    .openapi(routes.start, async (c) => {
      const { courseId, quizId } = c.req.valid('param');
      return c.json(await startAttempt(learning, requireLearnerId(c), courseId, quizId), 200);
    })
    .openapi(routes.quizAttempts, async (c) => {
      const { courseId, quizId } = c.req.valid('param');
      return c.json(await listQuizAttempts(learning, requireLearnerId(c), courseId, quizId), 200);
    })
    .openapi(routes.attempt, async (c) => c.json(await getAttempt(learning, requireLearnerId(c), c.req.valid('param').attemptId), 200))
    .openapi(routes.hint, async (c) =>
      c.json(await revealHint(learning, requireLearnerId(c), c.req.valid('param').attemptId, c.req.valid('json').questionId), 200),
    )
    .openapi(routes.submit, async (c) => {
      const learnerId = requireLearnerId(c);
      const key = c.req.valid('header')['idempotency-key'];
      return c.json(await submitAttempt(learning, learnerId, c.req.valid('param').attemptId, key, c.req.valid('json')), 200);
    }, answersHook)
    .openapi(routes.due, async (c) => c.json(await dueReviews(learning, requireLearnerId(c), c.req.valid('query').limit), 200))
    .openapi(
      routes.answerReview,
      async (c) => {
        const learnerId = requireLearnerId(c);
        const key = c.req.valid('header')['idempotency-key'];
        return c.json(await answerReview(learning, learnerId, c.req.valid('param').cardId, key, c.req.valid('json').answer), 200);
      },
      answersHook,
    )
    .openapi(routes.events, async (c) => {
      const { limit, after, since } = c.req.valid('query');
      return c.json(await listEvents(learning, requireLearnerId(c), { limit, ...(after && { after }), ...(since && { since }) }), 200);
    })
    .openapi(routes.xapi, async (c) => {
      const { limit, after, since } = c.req.valid('query');
      return c.json(await exportXapi(learning, requireLearnerId(c), { limit, ...(after && { after }), ...(since && { since }) }, xapiOptions), 200);
    });
}
