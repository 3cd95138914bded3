// The answer that scores 1, derived from a question's solution (the same shape, minus the
// alternatives). Server-side only: used by operator tooling (the demo account's sample progress)
// and tests, never sent to a learner. Ids are those of the question given: pass the question as
// presented to a learner (questionWithPresentedIds) to answer that learner's attempt.
import type { Question } from '../course/model.ts';
import type { Answer } from './answers.ts';
import { solutionOf } from './reveal.ts';

export function correctAnswerOf(question: Question): Answer {
  const solution = solutionOf(question);
  switch (solution.type) {
    case 'numeric':
      return { type: 'numeric', value: solution.value };
    case 'short_text':
      return { type: 'short_text', text: solution.text };
    case 'cloze':
      return { type: 'cloze', blanks: solution.blanks };
    default:
      return solution;
  }
}
