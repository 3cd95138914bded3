// Opaque ids (docs/learning-engine.md, "Presentation"). Authors' option, item and choice ids often
// follow the key (`a` is right, `l1` pairs with `r1`, items sorted are the order), so a learner never
// sees them: every option, ordering item, matching left/right item and choice-blank option is shown
// under a keyed HMAC of (learner, attempt, quiz, question, kind, author id) with a server secret.
// The same attempt always shows the same ids; another attempt or learner gets unrelated ones, and
// without the secret nothing about an id says which author id (hence which position or answer) it is.
// Grading runs on the quiz rewritten into these ids, so a submitted author id is simply unknown.
import { createHmac } from 'node:crypto';
import type { ChoiceOption, Question, Quiz } from '../course/model.ts';

export interface PresentationKey {
  /** Server secret (never sent anywhere); derived from AUTH_SECRET by the composition root. */
  secret: string;
  learnerId: string;
  /** What the presentation belongs to: `attempt:<attempt id>` or `review:<card id>:<repetition>`. */
  attempt: string;
}

export const attemptPresentation = (secret: string, learnerId: string, attemptId: string): PresentationKey => ({
  secret,
  learnerId,
  attempt: `attempt:${attemptId}`,
});

export const reviewPresentation = (secret: string, learnerId: string, cardId: string, repetition: number): PresentationKey => ({
  secret,
  learnerId,
  attempt: `review:${cardId}:${repetition}`,
});

/** HMAC-SHA256 of the key's learner and attempt plus `parts`, hex. Parts are NUL-separated (ids are slugs). */
export function presentationDigest(key: PresentationKey, ...parts: string[]): string {
  return createHmac('sha256', key.secret).update([key.learnerId, key.attempt, ...parts].join('\u0000'), 'utf8').digest('hex');
}

const ID_LENGTH = 12;

/** Opaque ids for one list of author ids; unique within the list (a collision takes the next digest bits). */
function opaqueIds(key: PresentationKey, scope: string[], authorIds: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const authorId of authorIds) {
    if (out.has(authorId)) continue;
    const digest = presentationDigest(key, ...scope, authorId);
    let id = '';
    for (let offset = 0; ; offset += ID_LENGTH) {
      // 48 bits per try: a collision among a question's few dozen ids is ~1e-12, and handled anyway.
      id = offset + ID_LENGTH <= digest.length ? digest.slice(offset, offset + ID_LENGTH) : presentationDigest(key, ...scope, authorId, String(offset)).slice(0, ID_LENGTH);
      if (!used.has(id)) break;
    }
    used.add(id);
    out.set(authorId, id);
  }
  return out;
}

const renameOptions = (options: readonly ChoiceOption[], ids: ReadonlyMap<string, string>): ChoiceOption[] =>
  options.map((o) => ({ ...o, id: ids.get(o.id)! }));

/** The question with every option, item and choice id replaced by its presented id. */
export function questionWithPresentedIds(quizId: string, question: Question, key: PresentationKey): Question {
  const scope = (kind: string) => [quizId, question.id, kind];
  switch (question.type) {
    case 'single':
    case 'multiple': {
      const ids = opaqueIds(key, scope('option'), question.options.map((o) => o.id));
      return { ...question, options: renameOptions(question.options, ids) };
    }
    case 'true_false':
    case 'numeric':
    case 'short_text':
      return question;
    case 'ordering': {
      const ids = opaqueIds(key, scope('item'), question.items.map((i) => i.id));
      return { ...question, items: question.items.map((i) => ({ ...i, id: ids.get(i.id)! })) };
    }
    case 'matching': {
      const left = opaqueIds(key, scope('left'), question.pairs.map((p) => p.left.id));
      const right = opaqueIds(key, scope('right'), [...question.pairs.map((p) => p.right.id), ...question.distractors.map((d) => d.id)]);
      return {
        ...question,
        pairs: question.pairs.map((p) => ({ left: { ...p.left, id: left.get(p.left.id)! }, right: { ...p.right, id: right.get(p.right.id)! } })),
        distractors: question.distractors.map((d) => ({ ...d, id: right.get(d.id)! })),
      };
    }
    case 'cloze':
      return {
        ...question,
        blanks: question.blanks.map((blank) =>
          blank.kind === 'text' ? blank : { ...blank, options: renameOptions(blank.options, opaqueIds(key, scope(`choice:${blank.id}`), blank.options.map((o) => o.id))) },
        ),
      };
  }
}

/** The quiz in one learner's attempt's ids (authored order kept: shuffling is presentQuiz's job). */
export function quizWithPresentedIds(quiz: Quiz, key: PresentationKey): Quiz {
  return { ...quiz, questions: quiz.questions.map((q) => questionWithPresentedIds(quiz.id, q, key)) };
}
