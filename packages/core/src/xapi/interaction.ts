// What an answered (or reviewed) event records for its xAPI statement: the question's
// interactionType and the learner's response in xAPI's format for that type (Data 2.4.4.1 and
// the cmi.interaction response formats: `[,]` between items, `[.]` inside a matching pair).
//
// Responses name the author's ids (stable across attempts and learners, so an LRS can aggregate
// them), never the opaque presented ids. They are recorded when the answer has been graded, and
// they describe only the learner's own answer: no correctResponsesPattern, so the key stays on
// the server whatever the quiz's show-answers policy.
import type { Question } from '../course/model.ts';
import { ownValue, type Answer } from '../quiz/answers.ts';

export const XAPI_INTERACTION_OF = {
  single: 'choice',
  multiple: 'choice',
  true_false: 'true-false',
  numeric: 'numeric',
  short_text: 'fill-in',
  ordering: 'sequencing',
  matching: 'matching',
  // Each blank is filled in (typed, or picked from a few texts): one fill-in response per blank.
  cloze: 'fill-in',
} as const satisfies Record<Question['type'], string>;

export type XapiInteractionType = (typeof XAPI_INTERACTION_OF)[Question['type']];

export interface XapiAnswer {
  interactionType: XapiInteractionType;
  response: string;
}

/** A learner's text inside a `[,]`/`[.]`-delimited response: the delimiters cannot appear in it. */
const cell = (text: string) => text.replace(/\[([,.])\]/g, '$1');

/** Presented id -> author id, by position (presentation renames ids and keeps the authored order). */
function authorIds(authored: readonly { id: string }[], presented: readonly { id: string }[]): Map<string, string> {
  return new Map(presented.map((p, i) => [p.id, authored[i]!.id]));
}
const mapped = (ids: ReadonlyMap<string, string>, id: string) => ids.get(id) ?? id;

/**
 * The xAPI interaction of `answer`, given in the presented ids of `presented` (the same question
 * under the attempt's opaque ids; pass `question` itself when the answer uses author ids).
 * Undefined when the answer's type is not the question's.
 */
export function xapiAnswerOf(question: Question, presented: Question, answer: Answer): XapiAnswer | undefined {
  if (answer.type !== question.type || presented.type !== question.type) return undefined;
  const interactionType = XAPI_INTERACTION_OF[question.type];
  const out = (response: string): XapiAnswer => ({ interactionType, response });
  switch (answer.type) {
    case 'single': {
      const q = presented as Extract<Question, { type: 'single' }>;
      return out(mapped(authorIds((question as typeof q).options, q.options), answer.optionId));
    }
    case 'multiple': {
      const q = presented as Extract<Question, { type: 'multiple' }>;
      const ids = authorIds((question as typeof q).options, q.options);
      return out(answer.optionIds.map((id) => mapped(ids, id)).join('[,]'));
    }
    case 'true_false':
      return out(String(answer.value));
    case 'numeric':
      return out(String(answer.value));
    case 'short_text':
      return out(cell(answer.text));
    case 'ordering': {
      const q = presented as Extract<Question, { type: 'ordering' }>;
      const ids = authorIds((question as typeof q).items, q.items);
      return out(answer.itemIds.map((id) => mapped(ids, id)).join('[,]'));
    }
    case 'matching': {
      const q = presented as Extract<Question, { type: 'matching' }>;
      const a = question as typeof q;
      const left = authorIds(a.pairs.map((p) => p.left), q.pairs.map((p) => p.left));
      const right = authorIds([...a.pairs.map((p) => p.right), ...a.distractors], [...q.pairs.map((p) => p.right), ...q.distractors]);
      // In the authored order of the left items, whatever order the learner's object had.
      const pairs = q.pairs
        .map((p) => [p.left.id, ownValue(answer.pairs, p.left.id)] as const)
        .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
        .map(([l, r]) => `${mapped(left, l)}[.]${mapped(right, r)}`);
      return out(pairs.join('[,]'));
    }
    case 'cloze': {
      const q = presented as Extract<Question, { type: 'cloze' }>;
      // One response per blank, in the authored order; a choice blank gives the chosen option's text.
      return out(
        q.blanks
          .map((blank) => {
            const given = ownValue(answer.blanks, blank.id) ?? '';
            return cell(blank.kind === 'choice' ? (blank.options.find((o) => o.id === given)?.text ?? given) : given);
          })
          .join('[,]'),
      );
    }
  }
}
