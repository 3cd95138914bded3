// What a learner submits for a quiz: one answer per question, shaped by the question's type.
// These schemas only check shape and bounds; whether ids belong to the question is
// validateAnswer's job (grade.ts), since that needs the quiz.
import { z } from 'zod';

export const MAX_ANSWER_ENTRIES = 50;
export const MAX_SUBMISSION_ANSWERS = 100;
export const MAX_ANSWER_TEXT = 500;

export const QuestionTypeSchema = z.enum([
  'single',
  'multiple',
  'true_false',
  'numeric',
  'short_text',
  'ordering',
  'matching',
  'cloze',
]);

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const AnswerIdSchema = z
  .string()
  .max(64, { message: 'ids are at most 64 characters' })
  .regex(SLUG_PATTERN, { message: 'expected a lowercase slug (a-z, 0-9 and single hyphens)' });

const idList = (what: string) =>
  z.array(AnswerIdSchema).max(MAX_ANSWER_ENTRIES, { message: `at most ${MAX_ANSWER_ENTRIES} ${what}` });

const boundedRecord = <V extends z.ZodType>(value: V, max: number, what: string) =>
  z.record(AnswerIdSchema, value).refine((entries) => Object.keys(entries).length <= max, {
    message: `at most ${max} ${what}`,
  });

const learnerText = z.string().max(MAX_ANSWER_TEXT, { message: `at most ${MAX_ANSWER_TEXT} characters` });

export const SingleAnswerSchema = z.strictObject({
  type: z.literal('single'),
  optionId: AnswerIdSchema.describe('The chosen option'),
}).meta({ id: 'SingleAnswer', description: 'Answer to a `single` question: the id of the chosen option, as presented' });

export const MultipleAnswerSchema = z.strictObject({
  type: z.literal('multiple'),
  optionIds: idList('options').describe('Every chosen option (may be empty)'),
}).meta({ id: 'MultipleAnswer', description: 'Answer to a `multiple` question: the ids of every chosen option, as presented' });

export const TrueFalseAnswerSchema = z.strictObject({
  type: z.literal('true_false'),
  value: z.boolean(),
}).meta({ id: 'TrueFalseAnswer', description: 'Answer to a `true_false` question' });

export const NumericAnswerSchema = z.strictObject({
  type: z.literal('numeric'),
  value: z.number().describe('A finite number, in the unit of the question'),
}).meta({ id: 'NumericAnswer', description: 'Answer to a `numeric` question' });

export const ShortTextAnswerSchema = z.strictObject({
  type: z.literal('short_text'),
  text: learnerText,
}).meta({ id: 'ShortTextAnswer', description: 'Answer to a `short_text` question: the typed text (normalised before comparing)' });

export const OrderingAnswerSchema = z.strictObject({
  type: z.literal('ordering'),
  itemIds: idList('items').describe('Every item id exactly once, in the chosen order'),
}).meta({ id: 'OrderingAnswer', description: 'Answer to an `ordering` question: every presented item id once, in the chosen order' });

export const MatchingAnswerSchema = z.strictObject({
  type: z.literal('matching'),
  pairs: boundedRecord(AnswerIdSchema, MAX_ANSWER_ENTRIES, 'pairs').describe('Left item id -> chosen right item id'),
}).meta({ id: 'MatchingAnswer', description: 'Answer to a `matching` question: presented left item id -> presented right item id' });

export const ClozeAnswerSchema = z.strictObject({
  type: z.literal('cloze'),
  blanks: boundedRecord(learnerText, MAX_ANSWER_ENTRIES, 'blanks').describe(
    'Blank id -> the typed text (text blanks) or the chosen option id (choice blanks)',
  ),
}).meta({ id: 'ClozeAnswer', description: 'Answer to a `cloze` question: blank id -> typed text (text blanks) or presented option id (choice blanks)' });

export const AnswerSchema = z
  .discriminatedUnion('type', [
    SingleAnswerSchema,
    MultipleAnswerSchema,
    TrueFalseAnswerSchema,
    NumericAnswerSchema,
    ShortTextAnswerSchema,
    OrderingAnswerSchema,
    MatchingAnswerSchema,
    ClozeAnswerSchema,
  ])
  .meta({ id: 'Answer', description: "A learner's answer to one question; `type` must equal the question's type" });
export type Answer = z.infer<typeof AnswerSchema>;
export type AnswerOf<T extends Answer['type']> = Extract<Answer, { type: T }>;

/** A record's own value: learner-chosen keys such as `constructor` must not reach the prototype. */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export const SubmissionSchema = z
  .strictObject({
    answers: boundedRecord(AnswerSchema, MAX_SUBMISSION_ANSWERS, 'answers').describe(
      'Question id -> answer; unanswered questions may be left out (they score 0)',
    ),
  })
  .meta({ id: 'Submission', description: "A quiz attempt's answers, in the ids of the presented attempt" });
export type Submission = z.infer<typeof SubmissionSchema>;
