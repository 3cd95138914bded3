import { describe, expect, it } from 'vitest';
import type { Question } from '../course/model.ts';
import type { LearningEvent } from '../learner/events.ts';
import type { Answer } from '../quiz/answers.ts';
import { matching, multiple, numeric, option, ordering, rule, shortText, single, base } from '../quiz/fixture.test-helper.ts';
import { attemptPresentation, questionWithPresentedIds } from '../quiz/presented-ids.ts';
import { EVENTS, OPTIONS } from './events.test-helper.ts';
import { xapiAnswerOf } from './interaction.ts';
import { XapiStatementSchema } from './statement-schema.ts';
import { toXapiStatement } from './to-statement.ts';

const key = attemptPresentation('secret-for-tests', 'learner-1', 'attempt-1');

const cloze: Question = {
  ...base('fill'),
  type: 'cloze',
  text: 'A {{unit}} is read by the {{reader}}.',
  blanks: [
    { id: 'unit', kind: 'text', rule: rule(['token']) },
    { id: 'reader', kind: 'choice', options: [option('o1', true), { ...option('o2'), text: 'the tokenizer' }] },
  ],
};
const trueFalse: Question = { ...base('tf'), type: 'true_false', answer: false };

/** Every type: the authored question, and an answer written against its presented form. */
const CASES: { question: Question; answer: (presented: Question) => Answer; interactionType: string; response: string; format: RegExp }[] = [
  {
    question: single('pick', [option('a', true), option('b'), option('c')]),
    answer: (p) => ({ type: 'single', optionId: (p as Extract<Question, { type: 'single' }>).options[1]!.id }),
    interactionType: 'choice',
    response: 'b',
    format: /^[a-z0-9-]+$/,
  },
  {
    question: multiple('many', [option('a', true), option('b', true), option('c'), option('d')]),
    answer: (p) => ({ type: 'multiple', optionIds: [(p as Extract<Question, { type: 'multiple' }>).options[3]!.id, (p as Extract<Question, { type: 'multiple' }>).options[0]!.id] }),
    interactionType: 'choice',
    response: 'd[,]a',
    format: /^[a-z0-9-]+(\[,\][a-z0-9-]+)*$/,
  },
  { question: trueFalse, answer: () => ({ type: 'true_false', value: true }), interactionType: 'true-false', response: 'true', format: /^(true|false)$/ },
  { question: numeric('n', 42.5), answer: () => ({ type: 'numeric', value: 42.5 }), interactionType: 'numeric', response: '42.5', format: /^-?\d+(\.\d+)?$/ },
  {
    question: shortText('word', rule(['ground truth'])),
    answer: () => ({ type: 'short_text', text: 'ground[,]truth' }),
    interactionType: 'fill-in',
    response: 'ground,truth', // the delimiter cannot appear inside one response
    format: /^((?!\[,\]).)*$/,
  },
  {
    question: ordering('order', ['a', 'b', 'c']),
    answer: (p) => ({ type: 'ordering', itemIds: [...(p as Extract<Question, { type: 'ordering' }>).items].reverse().map((i) => i.id) }),
    interactionType: 'sequencing',
    response: 'c[,]b[,]a',
    format: /^[a-z0-9-]+(\[,\][a-z0-9-]+)*$/,
  },
  {
    question: matching('match', 2, 1),
    answer: (p) => {
      const q = p as Extract<Question, { type: 'matching' }>;
      // l2 -> x1 (a distractor), l1 -> r2; given in reverse order.
      return { type: 'matching', pairs: { [q.pairs[1]!.left.id]: q.distractors[0]!.id, [q.pairs[0]!.left.id]: q.pairs[1]!.right.id } };
    },
    interactionType: 'matching',
    response: 'l1[.]r2[,]l2[.]x1',
    format: /^[a-z0-9-]+\[\.\][a-z0-9-]+(\[,\][a-z0-9-]+\[\.\][a-z0-9-]+)*$/,
  },
  {
    question: cloze,
    answer: (p) => {
      const q = p as Extract<Question, { type: 'cloze' }>;
      const choice = q.blanks[1] as Extract<(typeof q.blanks)[number], { kind: 'choice' }>;
      return { type: 'cloze', blanks: { reader: choice.options[1]!.id, unit: 'tokens' } };
    },
    interactionType: 'fill-in',
    response: 'tokens[,]the tokenizer',
    format: /^[^[\]]*(\[,\][^[\]]*)*$/,
  },
];

describe('xAPI interactions: one per question type', () => {
  it('covers all eight question types', () => {
    expect(new Set(CASES.map((c) => c.question.type)).size).toBe(8);
  });

  it.each(CASES)('$question.type -> $interactionType, the response in author ids and xAPI format', ({ question, answer, interactionType, response, format }) => {
    const presented = questionWithPresentedIds('quiz', question, key);
    const given = answer(presented);
    const xapi = xapiAnswerOf(question, presented, given)!;
    expect(xapi).toEqual({ interactionType, response });
    expect(xapi.response).toMatch(format);
    // No presented (opaque) id leaks into the record: they mean nothing outside the attempt.
    for (const id of JSON.stringify(given).match(/[0-9a-f]{12}/g) ?? []) expect(xapi.response).not.toContain(id);

    // The answered event carrying it gives a valid statement with that interactionType and response, and no key.
    const event: LearningEvent = { ...EVENTS.answered, data: { score: 0, correct: false, ...xapi } };
    const statement = toXapiStatement(event, OPTIONS);
    expect(XapiStatementSchema.safeParse(statement).error?.issues).toBeUndefined();
    expect(statement.verb.id).toBe('http://adlnet.gov/expapi/verbs/answered');
    expect(statement.object.definition).toMatchObject({ type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType });
    expect(statement.result).toEqual({ score: { scaled: 0 }, success: false, response });
    expect(JSON.stringify(statement)).not.toContain('correctResponsesPattern');
    // A review answer is the same interaction, told apart by the review extension.
    const review = toXapiStatement({ ...EVENTS.reviewed, data: { score: 1, ...xapi } }, OPTIONS);
    expect(XapiStatementSchema.safeParse(review).error?.issues).toBeUndefined();
    expect(review.object.definition?.interactionType).toBe(interactionType);
    expect(review.result?.response).toBe(response);
    expect(review.context?.extensions).toEqual({ 'https://coursecompanion.example/xapi/extensions/review': true });
  });

  it('answers in author ids map to themselves', () => {
    const question = single('pick', [option('a', true), option('b')]);
    expect(xapiAnswerOf(question, question, { type: 'single', optionId: 'a' })).toEqual({ interactionType: 'choice', response: 'a' });
  });

  it('gives nothing for an answer of another type', () => {
    expect(xapiAnswerOf(trueFalse, trueFalse, { type: 'numeric', value: 1 })).toBeUndefined();
  });

  it('events from before (no interactionType recorded) still give a valid interaction of type other', () => {
    const statement = toXapiStatement(EVENTS.answered, OPTIONS);
    expect(statement.object.definition?.interactionType).toBe('other');
    expect(statement.result?.response).toBeUndefined();
  });
});
