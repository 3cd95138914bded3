// One learning event -> one xAPI 1.0.3 statement. Pure and deterministic: the same event and
// options always give the same statement, so re-pushing an export to an LRS is idempotent.
import { z } from 'zod';
import { Invalid } from '../errors.ts';
import type { LearningEvent, LearningEventType } from '../learner/events.ts';
import { isIri, isIrl, LanguageTag, Timestamp } from './formats.ts';
import type { XapiActivity, XapiStatement } from './statement-schema.ts';
import { XAPI_INTERACTION_OF, type XapiInteractionType } from './interaction.ts';
import { uuidV5 } from './uuid.ts';
import { CMI5_PROGRESS_EXTENSION, XAPI_ACTIVITY_TYPES, XAPI_VERBS, type XapiVerb } from './vocabulary.ts';

export interface XapiExportOptions {
  /** Absolute http(s) IRI under which activity ids are minted, e.g. `https://coursecompanion.example/xapi/activities`. */
  activityBase: string;
  /** Canonical home page of our system: the `homePage` of every learner's account. */
  accountHomePage: string;
  /** `context.platform`, e.g. `Course Companion`. */
  platform?: string;
  /** Name of the course activity. */
  courseTitle?: string;
  /** RFC 5646 tag of the titles (default `en-US`); when set, also sent as `context.language`. */
  language?: string;
}

// Both namespaces are fixed forever: changing one gives every statement a new id, and a re-push
// would then duplicate the whole history in the LRS.
/** Statement id = UUID v5 (RFC 4122, SHA-1) of the event id in this namespace. */
export const XAPI_STATEMENT_NAMESPACE = 'c3e40318-a133-44ea-866b-7372b055934a';
/** `context.registration` = UUID v5 of the quiz attempt id in this namespace. */
export const XAPI_REGISTRATION_NAMESPACE = '01ef42e4-d041-4208-89c3-0d1ef7e7c019';

export const xapiStatementId = (eventId: string): string => uuidV5(XAPI_STATEMENT_NAMESPACE, eventId);

const VERB_OF: Record<Exclude<LearningEventType, 'hint_revealed'>, XapiVerb> = {
  viewed: XAPI_VERBS.experienced,
  completed: XAPI_VERBS.completed,
  answered: XAPI_VERBS.answered,
  reviewed: XAPI_VERBS.answered,
  passed: XAPI_VERBS.passed,
  failed: XAPI_VERBS.failed,
  progressed: XAPI_VERBS.progressed,
  bookmarked: XAPI_VERBS.saved,
};
const EVENT_TYPES: readonly LearningEventType[] = [...(Object.keys(VERB_OF) as LearningEventType[]), 'hint_revealed'];

type Level = 'course' | 'chapter' | 'step' | 'quiz' | 'question' | 'hint';
const LEVELS: readonly Level[] = ['course', 'chapter', 'step', 'quiz', 'question', 'hint'];
const TYPE_OF: Record<Level, string> = {
  course: XAPI_ACTIVITY_TYPES.course,
  chapter: XAPI_ACTIVITY_TYPES.module,
  step: XAPI_ACTIVITY_TYPES.lesson,
  quiz: XAPI_ACTIVITY_TYPES.assessment,
  question: XAPI_ACTIVITY_TYPES.interaction,
  hint: XAPI_ACTIVITY_TYPES.media,
};

/** What `data.title` names, per event type (docs: the step title, the question prompt...). */
const TITLED: Record<LearningEventType, Level | undefined> = {
  viewed: 'step',
  completed: 'step',
  answered: 'question',
  reviewed: 'question',
  passed: 'quiz',
  failed: 'quiz',
  progressed: 'chapter',
  hint_revealed: undefined,
  bookmarked: 'step',
};

const objectLevel = (event: LearningEvent): Level => {
  switch (event.type) {
    case 'viewed':
    case 'completed':
    case 'bookmarked':
      return event.stepId !== undefined ? 'step' : event.chapterId !== undefined ? 'chapter' : 'course';
    case 'progressed':
      return event.chapterId !== undefined ? 'chapter' : 'course';
    case 'answered':
    case 'reviewed':
      return 'question';
    case 'passed':
    case 'failed':
      return 'quiz';
    case 'hint_revealed':
      return 'hint';
  }
};

const WellFormedId = z.string().min(1).refine((id) => !/\p{Cs}/u.test(id), 'must be well-formed Unicode');

const NEEDS: Partial<Record<LearningEventType, readonly ('quizId' | 'questionId' | 'hintIndex')[]>> = {
  answered: ['quizId', 'questionId'],
  reviewed: ['quizId', 'questionId'],
  passed: ['quizId'],
  failed: ['quizId'],
  hint_revealed: ['quizId', 'questionId', 'hintIndex'],
};
const MAX_SCORE: Partial<Record<LearningEventType, number>> = { answered: 1, reviewed: 1, passed: 100, failed: 100 };

const EventSchema = z
  .object({
    id: WellFormedId,
    learnerId: WellFormedId,
    type: z.enum(EVENT_TYPES),
    at: Timestamp,
    courseId: WellFormedId,
    chapterId: WellFormedId.optional(),
    stepId: WellFormedId.optional(),
    quizId: WellFormedId.optional(),
    questionId: WellFormedId.optional(),
    attemptId: WellFormedId.optional(),
    data: z.object({
      score: z.number().optional(),
      completion: z.number().min(0).max(100).optional(),
      hintIndex: z.number().int().min(0).optional(),
      correct: z.boolean().optional(),
      title: z.string().optional(),
      interactionType: z.enum(Object.values(XAPI_INTERACTION_OF)).optional(),
      response: z.string().optional(),
    }),
  })
  .superRefine((event, ctx) => {
    for (const key of NEEDS[event.type] ?? []) {
      const present = key === 'hintIndex' ? event.data.hintIndex !== undefined : event[key] !== undefined;
      if (!present) ctx.addIssue({ code: 'custom', path: key === 'hintIndex' ? ['data', key] : [key], message: `a ${event.type} event needs it` });
    }
    const max = MAX_SCORE[event.type];
    const { score } = event.data;
    if (max !== undefined && score !== undefined && !(score >= 0 && score <= max)) {
      ctx.addIssue({ code: 'custom', path: ['data', 'score'], message: `must be between 0 and ${max} for a ${event.type} event` });
    }
  });

const OptionsSchema = z.object({
  activityBase: z.string().refine((base) => isIrl(base) && !/[?#]/.test(base), 'must be an absolute http(s) IRI without query or fragment'),
  accountHomePage: z.string().refine(isIrl, 'must be an absolute http(s) IRL'),
  platform: z.string().min(1).optional(),
  courseTitle: z.string().optional(),
  language: LanguageTag.optional(),
});

function check(schema: z.ZodType, value: unknown, what: string): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Invalid(
      `${what} cannot be exported as xAPI`,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })),
    );
  }
}

function extensionIri(base: string, name: string): string {
  return ownIri(base, 'extensions', name);
}

/** Our own identifiers sit beside the activities: <base>/../<kind>/<name>. */
function ownIri(base: string, kind: string, name: string): string {
  try {
    const iri = new URL(`../${kind}/${name}`, `${base}/`).href;
    if (isIri(iri)) return iri;
  } catch {
    // an unparsable base: reported below
  }
  throw new Invalid('the export options cannot be exported as xAPI', [{ path: 'activityBase', message: 'must be a parsable URL' }]);
}

/** Options, checked once: a statement builder for many events. */
export function xapiStatementBuilder(options: XapiExportOptions): (event: LearningEvent) => XapiStatement {
  check(OptionsSchema, options, 'the export options');
  const base = options.activityBase.replace(/\/+$/, '');
  // Our own extension keys sit beside the activities: <base>/../extensions/<name>.
  const reviewExtension = extensionIri(base, 'review');
  // No ADL verb says "revealed a hint" (experienced would make it a step view): our own verb, at
  // <base>/../verbs/revealed-hint, with the hint as a media activity under its question.
  const revealedHint: XapiVerb = { id: ownIri(base, 'verbs', 'revealed-hint'), display: { 'en-US': 'revealed hint' } };
  const language = options.language ?? 'en-US';
  const named = (title: string | undefined) => (title ? { name: { [language]: title } } : {});

  const activity = (level: Level, id: string, title?: string, interactionType?: XapiInteractionType): XapiActivity => ({
    objectType: 'Activity',
    id,
    definition: {
      type: TYPE_OF[level],
      ...named(title),
      // Interactions must carry an interactionType (Data 2.4.4.1.s13): the question's, as the
      // answer recorded it ('other' for events written before it was recorded).
      ...(level === 'question' && { interactionType: interactionType ?? ('other' as const) }),
    },
  });

  return (event) => {
    check(EventSchema, event, `event '${String(event.id)}'`);
    const segment = encodeURIComponent;
    const course = `${base}/courses/${segment(event.courseId)}`;
    // Quiz ids are unique within a course only, so quizzes live under their course too.
    const quiz = event.quizId === undefined ? undefined : `${course}/quizzes/${segment(event.quizId)}`;
    const question = quiz === undefined || event.questionId === undefined ? undefined : `${quiz}/questions/${segment(event.questionId)}`;
    const ids: Record<Level, string | undefined> = {
      course,
      chapter: event.chapterId === undefined ? undefined : `${course}/chapters/${segment(event.chapterId)}`,
      step: event.stepId === undefined ? undefined : `${course}/steps/${segment(event.stepId)}`,
      quiz,
      question,
      hint: question === undefined || event.data.hintIndex === undefined ? undefined : `${question}/hints/${event.data.hintIndex}`,
    };

    const level = objectLevel(event);
    const ancestors = LEVELS.slice(0, LEVELS.indexOf(level))
      .filter((l) => ids[l] !== undefined)
      .map((l) => activity(l, ids[l]!, l === 'course' ? options.courseTitle : undefined));
    const parent = ancestors.at(-1);
    const grouping = ancestors.slice(0, -1);

    const result = resultOf(event);
    const context = {
      ...(event.attemptId !== undefined && { registration: uuidV5(XAPI_REGISTRATION_NAMESPACE, event.attemptId) }),
      ...(parent && { contextActivities: { parent: [parent], ...(grouping.length > 0 && { grouping }) } }),
      ...(options.platform !== undefined && { platform: options.platform }),
      ...(options.language !== undefined && { language: options.language }),
      ...(event.type === 'reviewed' && { extensions: { [reviewExtension]: true } }),
    };

    return {
      id: xapiStatementId(event.id),
      timestamp: event.at,
      actor: { objectType: 'Agent', account: { homePage: options.accountHomePage, name: event.learnerId } },
      verb: event.type === 'hint_revealed' ? revealedHint : VERB_OF[event.type],
      object: activity(level, ids[level]!, level === 'course' ? options.courseTitle : level === TITLED[event.type] ? event.data.title : undefined, event.data.interactionType),
      ...(result && { result }),
      ...(Object.keys(context).length > 0 && { context }),
    };
  };
}

// Removes the float noise of score / 100 (57.3 / 100 = 0.5729999999999999).
const tidy = (x: number): number => Number(x.toPrecision(12));

function resultOf(event: LearningEvent): XapiStatement['result'] {
  const { score, correct, completion } = event.data;
  switch (event.type) {
    case 'completed':
      return { completion: true };
    case 'answered':
    case 'reviewed': {
      const success = correct ?? (score === undefined ? undefined : score === 1);
      const { response } = event.data;
      if (score === undefined && success === undefined && response === undefined) return undefined;
      return {
        ...(score !== undefined && { score: { scaled: score } }),
        ...(success !== undefined && { success }),
        ...(response !== undefined && { response }),
      };
    }
    case 'passed':
    case 'failed':
      // As cmi5 does: success, no completion (the checkpoint step's own completed event says that).
      return {
        success: event.type === 'passed',
        ...(score !== undefined && { score: { scaled: tidy(score / 100), raw: score, min: 0, max: 100 } }),
      };
    case 'progressed':
      // The score object is not for progress (Data 2.4.5.1.s3.b2): cmi5's progress extension is.
      return completion === undefined
        ? undefined
        : { completion: completion >= 100, extensions: { [CMI5_PROGRESS_EXTENSION]: Math.floor(completion) } };
    case 'viewed':
    case 'hint_revealed':
    case 'bookmarked':
      return undefined;
  }
}

/** The xAPI 1.0.3 statement for one learning event. Throws `Invalid` for an event that cannot be exported. */
export const toXapiStatement = (event: LearningEvent, options: XapiExportOptions): XapiStatement => xapiStatementBuilder(options)(event);
