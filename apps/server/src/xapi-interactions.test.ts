// Issue 9 §1c, through the real server: the xAPI export of quiz answers carries each question's
// real interactionType and the learner's response in xAPI's format, in author ids (the attempt's
// opaque ids mean nothing outside it), for all eight question types; views use ADL's verb.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTier, XAPI_INTERACTION_OF, XapiStatementSchema, type Answer, type Course } from '@cc/core';
import { testDatabases } from '@cc/db/testing';
import { guest } from './testing/client.ts';
import { answersFor, correctAnswer, correctAnswers, fixtureCourseDir, loadCourseDir } from './testing/quiz-keys.ts';
import { startTestServer, UNLIMITED, type TestServer } from './testing/test-server.ts';

const COURSE = 'mini-course';
// The xAPI response format of each interactionType, for the ids and texts of the fixture.
const FORMAT: Record<string, RegExp> = {
  choice: /^[a-z0-9-]+(\[,\][a-z0-9-]+)*$/,
  'true-false': /^(true|false)$/,
  numeric: /^-?\d+(\.\d+)?$/,
  'fill-in': /^[^[\]]*(\[,\][^[\]]*)*$/,
  sequencing: /^[a-z0-9-]+(\[,\][a-z0-9-]+)*$/,
  matching: /^[a-z0-9-]+\[\.\][a-z0-9-]+(\[,\][a-z0-9-]+\[\.\][a-z0-9-]+)*$/,
};

describe.each(testDatabases())('xAPI interactions through REST on $name', (database) => {
  let server: TestServer;
  let course: Course;
  beforeAll(async () => {
    course = await loadCourseDir(fixtureCourseDir(COURSE));
    server = await startTestServer({ database: await database.open(), limits: UNLIMITED });
  }, 300_000);
  afterAll(() => server?.close());

  it('answers of all eight question types export with their interactionType and response in author ids', async () => {
    const me = await guest(server.url);
    await setTier(server.runtime.learning, me.learnerId, 'premium');
    const presentedIds: string[] = [];
    for (const quizId of ['welcome-check', 'basics-checkpoint', 'practice-checkpoint']) {
      const quiz = course.quizzes[quizId]!;
      const open = await me.post(`/me/courses/${COURSE}/quizzes/${quizId}/attempts`);
      expect(open.status, JSON.stringify(open.body)).toBe(200);
      const answers = correctAnswers(quiz, open.body.quiz);
      presentedIds.push(...(JSON.stringify(answers).match(/\b[0-9a-f]{12}\b/g) ?? []));
      const graded = await me.post(`/me/attempts/${open.body.attempt.id}/submit`, { answers }, { 'idempotency-key': `xapi-${quizId}-${me.learnerId}` });
      expect(graded.status, JSON.stringify(graded.body)).toBe(200);
    }
    expect(presentedIds.length).toBeGreaterThan(0);

    const xapi = await me.get('/me/events/xapi?limit=500');
    expect(xapi.status).toBe(200);
    type Statement = { verb: { id: string }; object: { id: string; definition: { interactionType?: string } }; result?: { response?: string; success?: boolean } };
    const statements = xapi.body.statements as Statement[];
    for (const s of statements) expect(XapiStatementSchema.safeParse(s).error?.issues).toBeUndefined();
    const answered = statements.filter((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/answered');
    const questions = Object.values(course.quizzes)
      .filter((q) => ['welcome-check', 'basics-checkpoint', 'practice-checkpoint'].includes(q.id))
      .flatMap((q) => q.questions.map((question) => ({ quizId: q.id, question })));
    expect(new Set(questions.map((q) => q.question.type)).size).toBe(8);
    expect(answered).toHaveLength(questions.length);
    for (const { quizId, question } of questions) {
      const statement = answered.find((s) => s.object.id.endsWith(`/quizzes/${quizId}/questions/${question.id}`));
      expect(statement, question.id).toBeDefined();
      const type = XAPI_INTERACTION_OF[question.type];
      expect(statement!.object.definition.interactionType, question.id).toBe(type);
      const response = statement!.result?.response;
      expect(response, question.id).toMatch(FORMAT[type]!);
      expect(statement!.result?.success).toBe(true);
      for (const id of presentedIds) expect(response).not.toContain(id);
      // Author ids: a right choice answer names the author's right options.
      if (question.type === 'single') expect(response).toBe(question.options.find((o) => o.correct)!.id);
      if (question.type === 'ordering') expect(response).toBe(question.items.map((i) => i.id).join('[,]'));
      if (question.type === 'matching') expect(response).toBe(question.pairs.map((p) => `${p.left.id}[.]${p.right.id}`).join('[,]'));
      if (question.type === 'true_false') expect(response).toBe(String(question.answer));
    }
    // No statement says what the right answer would have been.
    expect(JSON.stringify(statements)).not.toContain('correctResponsesPattern');
  });

  it('a wrong answer to a quiz not yet passed exports without its response, and gets it once the quiz is passed', async () => {
    const me = await guest(server.url);
    const quiz = course.quizzes['welcome-check']!;
    const answeredOf = async () => {
      const events = (await me.get('/me/events?limit=500')).body.events as { type: string; quizId?: string; data: { response?: string; correct?: boolean } }[];
      const xapi = (await me.get('/me/events/xapi?limit=500')).body.statements as { verb: { id: string }; result?: { response?: string } }[];
      return {
        events: events.filter((e) => e.type === 'answered' && e.quizId === quiz.id),
        statements: xapi.filter((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/answered'),
      };
    };
    // A first attempt answered wrongly: a wrong option on every single-choice question, the rest right.
    const wrong = Object.fromEntries(
      quiz.questions.map((q) => [q.id, q.type === 'single' ? { type: 'single', optionId: q.options.find((o) => !o.correct)!.id } : correctAnswer(q)]),
    ) as Record<string, Answer>;
    expect(quiz.questions.some((q) => q.type === 'single')).toBe(true);
    const first = await me.post(`/me/courses/${COURSE}/quizzes/${quiz.id}/attempts`);
    const failed = await me.post(`/me/attempts/${first.body.attempt.id}/submit`, { answers: answersFor(quiz, first.body.quiz, wrong) }, { 'idempotency-key': `xapi-fail-${me.learnerId}` });
    expect(failed.body.passed, JSON.stringify(failed.body)).toBe(false);
    const before = await answeredOf();
    expect(before.events.length).toBeGreaterThan(0);
    for (const e of before.events) expect(e.data).not.toHaveProperty('response');
    for (const s of before.statements) expect(s.result).not.toHaveProperty('response');

    const second = await me.post(`/me/courses/${COURSE}/quizzes/${quiz.id}/attempts`);
    const passed = await me.post(`/me/attempts/${second.body.attempt.id}/submit`, { answers: correctAnswers(quiz, second.body.quiz) }, { 'idempotency-key': `xapi-pass-${me.learnerId}` });
    expect(passed.body.passed).toBe(true);
    const after = await answeredOf();
    expect(after.events).toHaveLength(before.events.length * 2);
    for (const e of after.events) expect(typeof e.data.response).toBe('string');
  });
});
