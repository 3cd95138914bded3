// The answer that scores 1, built from a question's key. Server-side only: used by operator
// tooling (the demo account's sample progress), never sent to a learner.
import type { Question } from '../course/model.ts';
import type { Answer } from './answers.ts';

export function correctAnswerOf(question: Question): Answer {
  switch (question.type) {
    case 'single':
      return { type: 'single', optionId: question.options.find((o) => o.correct)?.id ?? question.options[0]!.id };
    case 'multiple':
      return { type: 'multiple', optionIds: question.options.filter((o) => o.correct).map((o) => o.id) };
    case 'true_false':
      return { type: 'true_false', value: question.answer };
    case 'numeric':
      return { type: 'numeric', value: question.answer };
    case 'short_text':
      return { type: 'short_text', text: question.accepted[0] ?? '' };
    case 'ordering':
      return { type: 'ordering', itemIds: question.items.map((i) => i.id) };
    case 'matching':
      return { type: 'matching', pairs: Object.fromEntries(question.pairs.map((p) => [p.left.id, p.right.id])) };
    case 'cloze':
      return {
        type: 'cloze',
        blanks: Object.fromEntries(
          question.blanks.map((b) => [b.id, b.kind === 'text' ? (b.rule.accepted[0] ?? '') : (b.options.find((o) => o.correct)?.id ?? '')]),
        ),
      };
  }
}
