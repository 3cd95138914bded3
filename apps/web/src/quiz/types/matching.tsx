// Matching: for each left item, a labelled drop-down of the candidates (keyboard and screen-reader friendly).
import { useId } from 'react';
import { textOfOption, type InputProps, type QuestionType } from './common';

function MatchingInput({ question, value, onChange, labelId, disabled }: InputProps<'matching'>) {
  const base = useId();
  const pairs = value?.pairs ?? {};
  return (
    <div className="matching" role="group" aria-labelledby={labelId}>
      {question.left.map((l, i) => (
        <div key={l.id} className="matching-row">
          <label htmlFor={`${base}-${i}`} className="matching-left">
            {l.text}
          </label>
          <select
            id={`${base}-${i}`}
            disabled={disabled}
            value={pairs[l.id] ?? ''}
            onChange={(e) => {
              const next = { ...pairs };
              if (e.target.value) next[l.id] = e.target.value;
              else delete next[l.id];
              onChange(Object.keys(next).length ? { type: 'matching', pairs: next } : undefined);
            }}
          >
            <option value="">Choose a match…</option>
            {question.right.map((r) => (
              <option key={r.id} value={r.id}>
                {r.text}
              </option>
            ))}
          </select>
        </div>
      ))}
    </div>
  );
}

export const matching: QuestionType<'matching'> = {
  Input: MatchingInput,
  Result: ({ question, answer, solution, review }) => {
    const partOk = new Map(review.parts?.map((p) => [p.id, p.correct] as const));
    return (
      <ul className="answer-list">
        {question.left.map((l) => (
          <li key={l.id}>
            {l.text} → {textOfOption(question.right, answer?.pairs[l.id])}{' '}
            <span className={partOk.get(l.id) ? 'ok' : 'ko'}>{partOk.get(l.id) ? '(right)' : '(wrong)'}</span>
            {solution && !partOk.get(l.id) && <> · correct: {textOfOption(question.right, solution.pairs[l.id])}</>}
          </li>
        ))}
      </ul>
    );
  },
  complete: (q, a) => !!a && q.left.every((l) => a.pairs[l.id]),
};
