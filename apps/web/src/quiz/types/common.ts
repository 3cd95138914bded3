// One module per question type: how the learner answers it and how a graded answer reads.
// The API's shapes (generated) are the only source; each type narrows them for itself.
import type { ReactNode } from 'react';
import type { Answer, Question, QuestionReview, Solution } from '../../api/client';

export type QuestionOf<T extends Question['type']> = Extract<Question, { type: T }>;
export type AnswerOf<T extends Question['type']> = Extract<Answer, { type: T }>;
export type SolutionOf<T extends Question['type']> = Extract<Solution, { type: T }>;

export interface InputProps<T extends Question['type']> {
  question: QuestionOf<T>;
  value: AnswerOf<T> | undefined;
  onChange: (answer: AnswerOf<T> | undefined) => void;
  /** Id of the element that labels the question (its prompt). */
  labelId: string;
  disabled?: boolean;
}

export interface ResultProps<T extends Question['type']> {
  question: QuestionOf<T>;
  answer: AnswerOf<T> | undefined;
  solution: SolutionOf<T> | undefined;
  review: QuestionReview;
}

export interface QuestionType<T extends Question['type']> {
  Input: (props: InputProps<T>) => ReactNode;
  Result: (props: ResultProps<T>) => ReactNode;
  /** Whether the answer is complete enough to submit. */
  complete: (question: QuestionOf<T>, answer: AnswerOf<T> | undefined) => boolean;
}

export const textOfOption = (options: readonly { id: string; text: string }[], id: string | undefined) =>
  options.find((o) => o.id === id)?.text ?? '—';
