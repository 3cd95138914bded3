import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors.ts';
import type { LearningEvent } from '../learner/events.ts';
import { EVENT_TYPES, EVENTS, LEARNER, learningEvent, OPTIONS } from './events.test-helper.ts';
import { isIri } from './formats.ts';
import { XapiStatementSchema, type XapiStatement } from './statement-schema.ts';
import { toXapiStatement, XAPI_REGISTRATION_NAMESPACE, xapiStatementBuilder, xapiStatementId } from './to-statement.ts';
import { uuidV5 } from './uuid.ts';
import { CMI5_PROGRESS_EXTENSION, XAPI_ACTIVITY_TYPES } from './vocabulary.ts';

const A = 'https://coursecompanion.example/xapi/activities/courses/genai-fundamentals';
const course = { objectType: 'Activity', id: A, definition: { type: XAPI_ACTIVITY_TYPES.course, name: { 'en-US': 'Generative AI Fundamentals' } } };
const chapter = { objectType: 'Activity', id: `${A}/chapters/foundations`, definition: { type: XAPI_ACTIVITY_TYPES.module } };
const checkpoint = { objectType: 'Activity', id: `${A}/steps/foundations-check`, definition: { type: XAPI_ACTIVITY_TYPES.lesson } };
const quiz = { objectType: 'Activity', id: `${A}/quizzes/foundations-check`, definition: { type: XAPI_ACTIVITY_TYPES.assessment } };
const question = { objectType: 'Activity', id: `${A}/quizzes/foundations-check/questions/q-tokens`, definition: { type: XAPI_ACTIVITY_TYPES.interaction, interactionType: 'other' } };
const actor = { objectType: 'Agent', account: { homePage: 'https://coursecompanion.example', name: LEARNER } };
const registration = uuidV5(XAPI_REGISTRATION_NAMESPACE, 'att-1');

const issuesOf = (statement: XapiStatement) => XapiStatementSchema.safeParse(statement).error?.issues;

describe('toXapiStatement: one statement per event type', () => {
  it.each(EVENT_TYPES)('maps a %s event to a valid xAPI 1.0.3 statement', (type) => {
    const statement = toXapiStatement(EVENTS[type], OPTIONS);
    expect(issuesOf(statement)).toBeUndefined();
    expect(statement).toMatchObject({ id: xapiStatementId(EVENTS[type].id), timestamp: EVENTS[type].at, actor, object: { objectType: 'Activity' } });
    expect(statement.object.definition?.type).toBeDefined();
  });

  it('viewed: the step as a lesson, in its chapter and course', () => {
    expect(toXapiStatement(EVENTS.viewed, OPTIONS)).toEqual({
      id: xapiStatementId('evt-viewed'),
      timestamp: '2025-03-14T09:26:53.589Z',
      actor,
      verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
      object: { objectType: 'Activity', id: `${A}/steps/what-is-an-llm`, definition: { type: XAPI_ACTIVITY_TYPES.lesson, name: { 'en-US': 'What is an LLM?' } } },
      context: { contextActivities: { parent: [chapter], grouping: [course] }, platform: 'Course Companion' },
    });
  });

  it('completed: completion true', () => {
    const statement = toXapiStatement(EVENTS.completed, OPTIONS);
    expect(statement.verb.id).toBe('http://adlnet.gov/expapi/verbs/completed');
    expect(statement.result).toEqual({ completion: true });
  });

  it('answered: the question as a cmi.interaction under its quiz, with score, success and the attempt as registration', () => {
    expect(toXapiStatement(EVENTS.answered, OPTIONS)).toEqual({
      id: xapiStatementId('evt-answered'),
      timestamp: '2025-03-14T09:26:53.589Z',
      actor,
      verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
      object: { ...question, definition: { ...question.definition, name: { 'en-US': 'Which of these are tokens?' } } },
      result: { score: { scaled: 0.5 }, success: false },
      context: {
        registration,
        contextActivities: { parent: [quiz], grouping: [course, chapter, checkpoint] },
        platform: 'Course Companion',
      },
    });
  });

  it('answered: success follows the score when the event does not say', () => {
    const right = toXapiStatement({ ...EVENTS.answered, data: { score: 1 } }, OPTIONS);
    const partial = toXapiStatement({ ...EVENTS.answered, data: { score: 0.75 } }, OPTIONS);
    const unscored = toXapiStatement({ ...EVENTS.answered, data: {} }, OPTIONS);
    expect([right.result, partial.result, unscored.result]).toEqual([{ score: { scaled: 1 }, success: true }, { score: { scaled: 0.75 }, success: false }, undefined]);
  });

  it('reviewed: an answer marked as a review by a context extension, without registration', () => {
    const statement = toXapiStatement(EVENTS.reviewed, OPTIONS);
    expect(statement.verb.id).toBe('http://adlnet.gov/expapi/verbs/answered');
    expect(statement.object).toEqual(question);
    expect(statement.result).toEqual({ score: { scaled: 1 }, success: true });
    expect(statement.context).toEqual({
      contextActivities: { parent: [quiz], grouping: [course, chapter] },
      platform: 'Course Companion',
      extensions: { 'https://coursecompanion.example/xapi/extensions/review': true },
    });
    expect(toXapiStatement(EVENTS.answered, OPTIONS).context?.extensions).toBeUndefined();
  });

  it('passed and failed: the quiz as an assessment in its checkpoint step, score scaled from 0-100', () => {
    const passed = toXapiStatement(EVENTS.passed, OPTIONS);
    expect(passed.verb.id).toBe('http://adlnet.gov/expapi/verbs/passed');
    expect(passed.object).toEqual(quiz);
    expect(passed.result).toEqual({ success: true, score: { scaled: 0.573, raw: 57.3, min: 0, max: 100 } });
    expect(passed.context?.contextActivities).toEqual({ parent: [checkpoint], grouping: [course, chapter] });
    expect(passed.context?.registration).toBe(registration);
    const failed = toXapiStatement(EVENTS.failed, OPTIONS);
    expect(failed.verb.id).toBe('http://adlnet.gov/expapi/verbs/failed');
    expect(failed.result).toEqual({ success: false, score: { scaled: 0.4, raw: 40, min: 0, max: 100 } });
  });

  it('progressed: the chapter as a module, progress in the cmi5 extension rather than the score', () => {
    const statement = toXapiStatement(EVENTS.progressed, OPTIONS);
    expect(statement.verb.id).toBe('http://adlnet.gov/expapi/verbs/progressed');
    expect(statement.object).toEqual(chapter);
    expect(statement.result).toEqual({ completion: false, extensions: { [CMI5_PROGRESS_EXTENSION]: 66 } });
    expect(statement.context?.contextActivities).toEqual({ parent: [course] });
    expect(toXapiStatement({ ...EVENTS.progressed, data: { completion: 100 } }, OPTIONS).result).toEqual({ completion: true, extensions: { [CMI5_PROGRESS_EXTENSION]: 100 } });
  });

  it('hint_revealed: our own "revealed hint" verb beside the activities, the hint as media under its question', () => {
    const statement = toXapiStatement(EVENTS.hint_revealed, OPTIONS);
    expect(statement.verb).toEqual({ id: 'https://coursecompanion.example/xapi/verbs/revealed-hint', display: { 'en-US': 'revealed hint' } });
    expect(statement.object).toEqual({ objectType: 'Activity', id: `${question.id}/hints/0`, definition: { type: XAPI_ACTIVITY_TYPES.media } });
    expect(statement.result).toBeUndefined();
    expect(statement.context?.contextActivities).toEqual({ parent: [question], grouping: [course, chapter, checkpoint, quiz] });
  });

  it('bookmarked: Activity Streams "save" (ADL has no bookmark verb), the step as a lesson in its chapter and course', () => {
    expect(toXapiStatement(EVENTS.bookmarked, OPTIONS)).toEqual({
      id: xapiStatementId('evt-bookmarked'),
      timestamp: '2025-03-14T09:26:53.589Z',
      actor,
      verb: { id: 'http://activitystrea.ms/schema/1.0/save', display: { 'en-US': 'saved' } },
      object: { objectType: 'Activity', id: `${A}/steps/what-is-an-llm`, definition: { type: XAPI_ACTIVITY_TYPES.lesson, name: { 'en-US': 'What is an LLM?' } } },
      context: { contextActivities: { parent: [chapter], grouping: [course] }, platform: 'Course Companion' },
    });
  });

  it('falls back to the chapter or the course when a viewed/completed event names no step', () => {
    const { stepId: _, ...noStep } = EVENTS.completed;
    expect(toXapiStatement(noStep, OPTIONS).object).toEqual(chapter);
    const { chapterId: __, ...noChapter } = noStep;
    const statement = toXapiStatement(noChapter, OPTIONS);
    expect(statement.object).toEqual(course);
    expect(statement.context).toEqual({ platform: 'Course Companion' });
    expect(toXapiStatement(noChapter, { ...OPTIONS, platform: undefined }).context).toBeUndefined();
  });

  it('names activities in the given language and says so in the context', () => {
    const statement = toXapiStatement(EVENTS.viewed, { ...OPTIONS, language: 'fr', courseTitle: 'IA générative' });
    expect(statement.object.definition?.name).toEqual({ fr: 'What is an LLM?' });
    expect(statement.context?.language).toBe('fr');
    expect(statement.context?.contextActivities?.grouping?.[0]?.definition?.name).toEqual({ fr: 'IA générative' });
    expect(statement.verb.display).toEqual({ 'en-US': 'experienced' });
  });

  it('only uses data.title for the activity it describes', () => {
    const { stepId: _, ...noStep } = EVENTS.viewed;
    expect(toXapiStatement(noStep, OPTIONS).object.definition?.name).toBeUndefined();
    expect(toXapiStatement({ ...EVENTS.viewed, data: { title: '' } }, OPTIONS).object.definition?.name).toBeUndefined();
  });
});

describe('toXapiStatement: identifiers', () => {
  it('derives the statement id from the event id alone (UUID v5), pinned so that re-pushes stay idempotent', () => {
    expect(xapiStatementId('evt-1')).toBe('240e282e-3052-5745-9f19-fcd5075ee332');
    const other = toXapiStatement(EVENTS.viewed, { ...OPTIONS, platform: 'elsewhere', activityBase: 'https://other.example/a' });
    expect(other.id).toBe(toXapiStatement(EVENTS.viewed, OPTIONS).id);
  });

  it('percent-encodes ids into path segments, so any id gives a valid IRI and distinct ids stay distinct', () => {
    const odd = { ...EVENTS.answered, courseId: 'a/b c', quizId: 'q#1?x', questionId: 'é 🙂 %' };
    const statement = toXapiStatement(odd, OPTIONS);
    expect(statement.object.id).toBe(
      'https://coursecompanion.example/xapi/activities/courses/a%2Fb%20c/quizzes/q%231%3Fx/questions/%C3%A9%20%F0%9F%99%82%20%25',
    );
    expect(issuesOf(statement)).toBeUndefined();
    expect(toXapiStatement({ ...odd, courseId: 'a', quizId: 'b c/quizzes/q#1?x' }, OPTIONS).object.id).not.toBe(statement.object.id);
  });

  it('treats a trailing slash on the activity base as absent', () => {
    expect(toXapiStatement(EVENTS.viewed, { ...OPTIONS, activityBase: `${OPTIONS.activityBase}/` })).toEqual(toXapiStatement(EVENTS.viewed, OPTIONS));
  });
});

describe('toXapiStatement: what it refuses', () => {
  const refusal = (event: LearningEvent, options = OPTIONS) => {
    try {
      toXapiStatement(event, options);
    } catch (error) {
      expect(error).toBeInstanceOf(Invalid);
      return (error as Invalid).issues.map((i) => i.path);
    }
    throw new Error('expected Invalid');
  };

  it.each([
    ['an answer without its question', { ...EVENTS.answered, questionId: undefined }, ['questionId']],
    ['a review without its quiz', { ...EVENTS.reviewed, quizId: undefined }, ['quizId']],
    ['a result without its quiz', { ...EVENTS.passed, quizId: undefined }, ['quizId']],
    ['a hint without its index', { ...EVENTS.hint_revealed, data: {} }, ['data.hintIndex']],
    ['a question score above 1', { ...EVENTS.answered, data: { score: 2 } }, ['data.score']],
    ['a quiz score above 100', { ...EVENTS.passed, data: { score: 100.5 } }, ['data.score']],
    ['a negative score', { ...EVENTS.failed, data: { score: -1 } }, ['data.score']],
    ['a completion above 100', { ...EVENTS.progressed, data: { completion: 101 } }, ['data.completion']],
    ['a time without a zone', { ...EVENTS.viewed, at: '2025-03-14T09:26:53' }, ['at']],
    ['an empty course id', { ...EVENTS.viewed, courseId: '' }, ['courseId']],
    ['an id with a lone surrogate', { ...EVENTS.viewed, stepId: 'a\uD800' }, ['stepId']],
    ['an unknown type', { ...EVENTS.viewed, type: 'liked' as LearningEvent['type'] }, ['type']],
  ] as [string, LearningEvent, string[]][])('refuses %s', (_, event, paths) => {
    expect(refusal(event)).toEqual(paths);
  });

  it.each([
    ['a relative activity base', { ...OPTIONS, activityBase: '/xapi/activities' }, ['activityBase']],
    ['an activity base with a query', { ...OPTIONS, activityBase: 'https://x.example/a?b=c' }, ['activityBase']],
    ['a home page that is not an IRL', { ...OPTIONS, accountHomePage: 'coursecompanion' }, ['accountHomePage']],
    ['a language that is not a tag', { ...OPTIONS, language: 'en_US' }, ['language']],
    ['an empty platform', { ...OPTIONS, platform: '' }, ['platform']],
  ])('refuses options with %s', (_, options, paths) => {
    expect(refusal(EVENTS.viewed, options)).toEqual(paths);
    expect(() => xapiStatementBuilder(options)).toThrow(Invalid);
  });
});

describe('toXapiStatement: privacy', () => {
  it('identifies the learner by the opaque id in an account only: no e-mail, name or other identifier', () => {
    for (const type of EVENT_TYPES) {
      const statement = toXapiStatement(EVENTS[type], OPTIONS);
      expect(statement.actor).toEqual(actor);
      const json = JSON.stringify(statement);
      expect(json).not.toMatch(/mailto:|mbox|openid|@/);
      expect(json.split(LEARNER)).toHaveLength(2);
    }
  });
});

describe('toXapiStatement: properties over arbitrary events', () => {
  const build = xapiStatementBuilder(OPTIONS);

  it('always gives a valid statement', () => {
    fc.assert(
      fc.property(learningEvent, (event) => {
        const statement = build(event);
        expect(issuesOf(statement)).toBeUndefined();
        expect(statement.object.definition?.type).toBeDefined();
        for (const activity of [statement.object, ...(statement.context?.contextActivities?.parent ?? []), ...(statement.context?.contextActivities?.grouping ?? [])]) {
          expect(isIri(activity.id)).toBe(true);
          expect(activity.id.startsWith(`${OPTIONS.activityBase}/courses/`)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('is deterministic: the same event gives the same statement, equal as JSON', () => {
    fc.assert(
      fc.property(learningEvent, (event) => {
        const copy = structuredClone(event);
        expect(JSON.stringify(build(copy))).toBe(JSON.stringify(build(event)));
        expect(toXapiStatement(event, OPTIONS)).toEqual(build(event));
      }),
    );
  });

  it('gives distinct events distinct statement ids', () => {
    fc.assert(
      fc.property(learningEvent, learningEvent, (a, b) => {
        fc.pre(a.id !== b.id);
        expect(build(a).id).not.toBe(build(b).id);
      }),
    );
  });

  it('never carries the learner id anywhere but the account name', () => {
    fc.assert(
      fc.property(learningEvent, (event) => {
        const statement = build(event);
        expect(statement.actor).toEqual({ objectType: 'Agent', account: { homePage: OPTIONS.accountHomePage, name: event.learnerId } });
        expect(JSON.stringify(statement).split(event.learnerId)).toHaveLength(2);
      }),
    );
  });

  it('keeps scaled scores in [0, 1] and raw quiz scores within their bounds', () => {
    fc.assert(
      fc.property(learningEvent, (event) => {
        const score = build(event).result?.score;
        if (score?.scaled !== undefined) expect(score.scaled >= 0 && score.scaled <= 1).toBe(true);
        if (event.type === 'passed' || event.type === 'failed') expect(score?.raw).toBe(event.data.score);
      }),
    );
  });
});
