// The answer that scores 1, derived from a question's solution. Server-side only: used by
// operator tooling (the demo account's sample progress), never sent to a learner.
import type { Question } from '../course/model.ts';
import type { Answer } from './answers.ts';
import { solutionOf } from './reveal.ts';

export function correctAnswerOf(question: Question): Answer {
  const solution = solutionOf(question);
  switch (solution.type) {
    case 'single':
      return { type: 'single', optionId: solution.optionIds[0] ?? '' };
    case 'multiple':
      return { type: 'multiple', optionIds: solution.optionIds };
    case 'true_false':
      return { type: 'true_false', value: solution.value };
    case 'numeric':
      return { type: 'numeric', value: solution.answer };
    case 'short_text':
      return { type: 'short_text', text: solution.accepted[0] ?? '' };
    case 'ordering':
      return { type: 'ordering', itemIds: solution.itemIds };
    case 'matching':
      return { type: 'matching', pairs: solution.pairs };
    case 'cloze':
      return {
        type: 'cloze',
        blanks: Object.fromEntries(solution.blanks.map((b) => [b.id, b.kind === 'text' ? (b.accepted[0] ?? '') : (b.optionIds[0] ?? '')])),
      };
  }
}
