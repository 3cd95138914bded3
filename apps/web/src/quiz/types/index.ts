import type { Question } from '../../api/client';
import { multiple, single, trueFalse } from './choice';
import { cloze } from './cloze';
import { matching } from './matching';
import { ordering } from './ordering';
import type { QuestionType } from './common';
import { numeric, shortText } from './text';

/** Every question type the API can send; a new type is a type error until it has a module here. */
export const questionTypes: { [T in Question['type']]: QuestionType<T> } = {
  single,
  multiple,
  true_false: trueFalse,
  numeric,
  short_text: shortText,
  ordering,
  matching,
  cloze,
};

/** Looks a question's module up with the question's own type (the mapped type loses the link). */
export function typeOf<T extends Question['type']>(question: Extract<Question, { type: T }>): QuestionType<T> {
  return questionTypes[question.type as T] as QuestionType<T>;
}
