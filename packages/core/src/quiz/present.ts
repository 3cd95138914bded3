// The learner-facing quiz before grading: everything needed to answer, nothing of the key.
// Built field by field (never by copying and deleting) so a new secret field in the model
// cannot leak by accident.
import { z } from 'zod';
import type { Question, Quiz } from '../course/model.ts';
import { quizWithPresentedIds, type PresentationKey } from './presented-ids.ts';
import { seededOrder, shuffleSeed } from './shuffle.ts';

const LabelledSchema = z.object({
  id: z.string(),
  text: z.string().describe('Markdown'),
});
type Labelled = z.infer<typeof LabelledSchema>;

const presentedBase = {
  id: z.string(),
  prompt: z.string().describe('Markdown'),
  points: z.number().describe('Weight of the question in the quiz score'),
  concepts: z.array(z.string()).describe('Topic tags'),
  hintCount: z.number().int().describe('Hints that can be revealed one at a time'),
};

export const PresentedQuestionSchema = z
  .discriminatedUnion('type', [
    z.object({ ...presentedBase, type: z.literal('single'), options: z.array(LabelledSchema).describe('Pick one') }),
    z.object({ ...presentedBase, type: z.literal('multiple'), options: z.array(LabelledSchema).describe('Pick every right one') }),
    z.object({ ...presentedBase, type: z.literal('true_false') }),
    z.object({ ...presentedBase, type: z.literal('numeric'), unit: z.string().optional().describe('Unit the answer is expected in') }),
    z.object({ ...presentedBase, type: z.literal('short_text') }),
    z.object({
      ...presentedBase,
      type: z.literal('ordering'),
      parsons: z.boolean().describe('Items are lines of code'),
      items: z.array(LabelledSchema).describe('Shuffled; answer with every item id in the right order'),
    }),
    z.object({
      ...presentedBase,
      type: z.literal('matching'),
      left: z.array(LabelledSchema).describe('Items to match; answer with one right id per left id'),
      right: z.array(LabelledSchema).describe('Candidates, shuffled; some may match nothing'),
    }),
    z.object({
      ...presentedBase,
      type: z.literal('cloze'),
      text: z.string().describe('Markdown with blanks written {{blank-id}}'),
      blanks: z.array(
        z.discriminatedUnion('kind', [
          z.object({ id: z.string(), kind: z.literal('text').describe('Type the missing text') }),
          z.object({ id: z.string(), kind: z.literal('choice'), options: z.array(LabelledSchema).describe('Pick one') }),
        ]),
      ),
    }),
  ])
  .meta({ id: 'PresentedQuestion', description: 'A question without its answer key; option, item and choice ids are opaque, per learner and attempt' });
export type PresentedQuestion = z.infer<typeof PresentedQuestionSchema>;

export const QuizPresentationSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.enum(['checkpoint', 'quick-check']),
    policy: z.object({
      passScore: z.number().describe('Score (0-100) needed to pass'),
      maxAttempts: z.number().int().nullable().describe('Submitted attempts allowed; null = unlimited'),
      grading: z.enum(['best', 'last']).describe('Which attempt is the recorded score'),
      showAnswers: z.enum(['after_pass', 'after_last_attempt', 'never']).describe('When correct answers are shown'),
    }),
    questions: z.array(PresentedQuestionSchema).describe('In the order to show them (per learner and attempt)'),
  })
  .meta({ id: 'QuizPresentation', description: 'A quiz as the learner sees it before grading' });
export type QuizPresentation = z.infer<typeof QuizPresentationSchema>;


const labelled = ({ id, text }: Labelled): Labelled => ({ id, text });

/** Rotating by one changes the first position, so a list of 2+ distinct ids no longer matches. */
function rotateIf<T>(items: T[], condition: boolean): T[] {
  return condition && items.length >= 2 ? [...items.slice(1), items[0] as T] : items;
}

function presentQuestion(question: Question, shuffleOptions: boolean, seedFor: (scope: string) => string): PresentedQuestion {
  const base = {
    id: question.id,
    prompt: question.prompt,
    points: question.points,
    concepts: [...question.concepts],
    hintCount: question.hints.length,
  };
  const maybeShuffled = (items: readonly Labelled[], scope: string): Labelled[] =>
    (shuffleOptions ? seededOrder(items, seedFor(scope)) : items).map(labelled);

  switch (question.type) {
    case 'single':
    case 'multiple':
      return { ...base, type: question.type, options: maybeShuffled(question.options, `options:${question.id}`) };
    case 'true_false':
    case 'short_text':
      return { ...base, type: question.type };
    case 'numeric':
      return { ...base, type: 'numeric', ...(question.unit !== undefined && { unit: question.unit }) };
    case 'ordering': {
      const shuffled = seededOrder(question.items, seedFor(`items:${question.id}`));
      const inOrder = shuffled.every((item, i) => item.id === question.items[i]?.id);
      return { ...base, type: 'ordering', parsons: question.parsons, items: rotateIf(shuffled, inOrder).map(labelled) };
    }
    case 'matching': {
      const left = maybeShuffled(
        question.pairs.map((p) => p.left),
        `left:${question.id}`,
      );
      const rightOf = new Map(question.pairs.map((p) => [p.left.id, p.right.id]));
      const right = seededOrder([...question.pairs.map((p) => p.right), ...question.distractors], seedFor(`right:${question.id}`));
      // Rows that line up with their matches would give the pairing away.
      const aligned = left.every((l, i) => right[i]?.id === rightOf.get(l.id));
      return { ...base, type: 'matching', left, right: rotateIf(right, aligned).map(labelled) };
    }
    case 'cloze':
      return {
        ...base,
        type: 'cloze',
        text: question.text,
        blanks: question.blanks.map((blank) =>
          blank.kind === 'text'
            ? { id: blank.id, kind: 'text' as const }
            : { id: blank.id, kind: 'choice' as const, options: maybeShuffled(blank.options, `blank:${question.id}:${blank.id}`) },
        ),
      };
  }
}

/**
 * The quiz for one learner's attempt, under the attempt's opaque ids and in its keyed order: same
 * key, same ids and order, every time. `authored` is the quiz as written.
 */
export function presentQuiz(authored: Quiz, key: PresentationKey): QuizPresentation {
  const quiz = quizWithPresentedIds(authored, key);
  const seedFor = (scope: string) => shuffleSeed(key, quiz.id, scope);
  const { passScore, maxAttempts, grading, showAnswers, shuffleQuestions, shuffleOptions } = quiz.policy;
  const questions = shuffleQuestions ? seededOrder(quiz.questions, seedFor('questions')) : quiz.questions;
  return {
    id: quiz.id,
    title: quiz.title,
    kind: quiz.kind,
    policy: { passScore, maxAttempts, grading, showAnswers },
    questions: questions.map((q) => presentQuestion(q, shuffleOptions, seedFor)),
  };
}
