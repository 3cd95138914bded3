import { z } from 'zod';
import { percentSchema, slugSchema, textSchema } from './common.ts';

const markdownSchema = textSchema.describe('Markdown');

export function regexError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const regexPatternSchema = z
  .string()
  .refine((pattern) => regexError(pattern) === undefined, {
    error: (issue) => `invalid regular expression: ${regexError(String(issue.input)) ?? ''}`,
  })
  .describe('JavaScript regular expression (Unicode mode), tested after normalisation');

export const choiceOptionSchema = z.strictObject({
  id: slugSchema,
  text: markdownSchema,
  correct: z.boolean().default(false),
  feedback: markdownSchema.optional().describe('Shown after grading when this option was picked'),
});

const questionBase = {
  id: slugSchema.describe('Unique in the quiz'),
  prompt: markdownSchema,
  concepts: z.array(slugSchema).min(1, { message: 'tag at least one concept' }).describe('Concept tags used for mastery'),
  points: z.number().positive().default(1),
  explanation: markdownSchema.optional().describe('Shown after grading, never before'),
  hints: z.array(markdownSchema).default([]).describe('Revealed one at a time'),
};

const textMatchFields = {
  accepted: z.array(textSchema).default([]).describe('Accepted answers, compared after normalisation'),
  patterns: z.array(regexPatternSchema).default([]),
  case_sensitive: z.boolean().default(false),
  keep_punctuation: z.boolean().default(false),
};

const labelledItemSchema = z.strictObject({ id: slugSchema, text: textSchema });

export const singleQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('single'),
  options: z.array(choiceOptionSchema).min(2, { message: 'a choice question needs at least two options' }),
});

export const multipleQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('multiple'),
  options: z.array(choiceOptionSchema).min(2, { message: 'a choice question needs at least two options' }),
});

export const trueFalseQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('true_false'),
  answer: z.boolean(),
  feedback: z.strictObject({ true: markdownSchema.optional(), false: markdownSchema.optional() }).optional(),
});

export const numericToleranceSchema = z
  .union([
    z.strictObject({ abs: z.number().nonnegative().describe('Absolute tolerance') }),
    z.strictObject({ rel: z.number().nonnegative().describe('Relative tolerance: 0.05 means 5 %') }),
  ], { error: 'give exactly one of `abs` or `rel`' })
  .describe('Exactly one of abs or rel; omit for an exact answer');

export const numericQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('numeric'),
  answer: z.number(),
  tolerance: numericToleranceSchema.optional(),
  unit: textSchema.optional(),
});

export const shortTextQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('short_text'),
  ...textMatchFields,
});

export const orderingQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('ordering'),
  parsons: z.boolean().default(false).describe('Items are code lines'),
  items: z.array(labelledItemSchema).min(2, { message: 'an ordering question needs at least two items' }).describe('In the correct order'),
});

export const matchingQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('matching'),
  pairs: z
    .array(z.strictObject({ left: labelledItemSchema, right: labelledItemSchema }))
    .min(2, { message: 'a matching question needs at least two pairs' }),
  distractors: z.array(labelledItemSchema).default([]).describe('Extra right-hand items that match nothing'),
});

export const clozeTextBlankSchema = z.strictObject({ id: slugSchema, ...textMatchFields });
export const clozeChoiceBlankSchema = z.strictObject({
  id: slugSchema,
  options: z.array(choiceOptionSchema).min(2, { message: 'a drop-down blank needs at least two options' }),
});

export const clozeQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('cloze'),
  text: textSchema.describe('Text with blanks written {{blank-id}}'),
  blanks: z
    .array(z.union([clozeChoiceBlankSchema, clozeTextBlankSchema], { error: 'a blank has either `options` or `accepted`/`patterns`, not both' }))
    .min(1, { message: 'a cloze question needs at least one blank' })
    .describe('Each blank has accepted answers/patterns, or options (exactly one correct)'),
});

export const questionSchemas = {
  single: singleQuestionSchema,
  multiple: multipleQuestionSchema,
  true_false: trueFalseQuestionSchema,
  numeric: numericQuestionSchema,
  short_text: shortTextQuestionSchema,
  ordering: orderingQuestionSchema,
  matching: matchingQuestionSchema,
  cloze: clozeQuestionSchema,
} as const;

export const QUESTION_TYPES = Object.keys(questionSchemas) as (keyof typeof questionSchemas)[];

export const questionSchema = z.discriminatedUnion('type', [
  singleQuestionSchema,
  multipleQuestionSchema,
  trueFalseQuestionSchema,
  numericQuestionSchema,
  shortTextQuestionSchema,
  orderingQuestionSchema,
  matchingQuestionSchema,
  clozeQuestionSchema,
]);

export const quizPolicySchema = z.strictObject({
  pass_score: percentSchema.optional().describe('% to pass (default: the course defaults.pass_score)'),
  max_attempts: z.number().int().positive().nullable().default(null).describe('null = unlimited'),
  grading: z.enum(['best', 'last']).default('best').describe('Which attempt counts'),
  show_answers: z.enum(['after_pass', 'after_last_attempt', 'never']).default('after_pass'),
  shuffle_questions: z.boolean().default(true).describe('Per-learner deterministic shuffle'),
  shuffle_options: z.boolean().default(true),
});

export const quizSchema = z
  .strictObject({
    id: slugSchema.describe('Must equal the file name without .yaml'),
    title: textSchema,
    kind: z.enum(['checkpoint', 'quick-check']),
    policy: quizPolicySchema.default({
      max_attempts: null,
      grading: 'best',
      show_answers: 'after_pass',
      shuffle_questions: true,
      shuffle_options: true,
    }),
    questions: z.array(questionSchema).min(1, { message: 'a quiz needs at least one question' }),
  })
  .describe('quizzes/<quiz-id>.yaml');

export type ChoiceOptionFile = z.output<typeof choiceOptionSchema>;
export type QuestionFile = z.output<typeof questionSchema>;
export type QuestionFileType = QuestionFile['type'];
export type QuizPolicyFile = z.output<typeof quizPolicySchema>;
export type QuizFile = z.output<typeof quizSchema>;
