// Cloze: the text with a labelled field (typed blanks) or drop-down (choice blanks) in each gap.
import { Fragment, useId } from 'react';
import { textOfOption, type InputProps, type QuestionType } from './common';

const BLANK = /\{\{([a-z0-9-]+)\}\}/g;

function parts(text: string): { text: string; blank?: string }[] {
  const out: { text: string; blank?: string }[] = [];
  let last = 0;
  for (const m of text.matchAll(BLANK)) {
    out.push({ text: text.slice(last, m.index), blank: m[1] });
    last = m.index + m[0].length;
  }
  out.push({ text: text.slice(last) });
  return out;
}

function ClozeInput({ question, value, onChange, labelId, disabled }: InputProps<'cloze'>) {
  const base = useId();
  const blanks = value?.blanks ?? {};
  const set = (id: string, v: string) => {
    const next = { ...blanks };
    if (v) next[id] = v;
    else delete next[id];
    onChange(Object.keys(next).length ? { type: 'cloze', blanks: next } : undefined);
  };
  let n = 0;
  return (
    <p className="cloze" role="group" aria-labelledby={labelId}>
      {parts(question.text).map((p, i) => {
        const blank = question.blanks.find((b) => b.id === p.blank);
        if (!blank) return <Fragment key={i}>{p.text}</Fragment>;
        n += 1;
        const label = `Blank ${n}`;
        return (
          <Fragment key={i}>
            {p.text}
            {blank.kind === 'choice' ? (
              <select aria-label={label} id={`${base}-${blank.id}`} disabled={disabled} value={blanks[blank.id] ?? ''} onChange={(e) => set(blank.id, e.target.value)}>
                <option value="">…</option>
                {blank.options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.text}
                  </option>
                ))}
              </select>
            ) : (
              <input
                aria-label={label}
                className="cloze-input"
                autoComplete="off"
                disabled={disabled}
                value={blanks[blank.id] ?? ''}
                onChange={(e) => set(blank.id, e.target.value)}
              />
            )}
          </Fragment>
        );
      })}
    </p>
  );
}

export const cloze: QuestionType<'cloze'> = {
  Input: ClozeInput,
  Result: ({ question, answer, solution, review }) => {
    const partOk = new Map(review.parts?.map((p) => [p.id, p.correct] as const));
    return (
      <ul className="answer-list">
        {question.blanks.map((b, i) => {
          const given = answer?.blanks[b.id];
          const shown = b.kind === 'choice' ? textOfOption(b.options, given) : (given ?? '—');
          const sol = solution?.blanks[b.id];
          const correct = sol === undefined ? undefined : b.kind === 'choice' ? textOfOption(b.options, sol) : sol;
          return (
            <li key={b.id}>
              Blank {i + 1}: {shown} <span className={partOk.get(b.id) ? 'ok' : 'ko'}>{partOk.get(b.id) ? '(right)' : '(wrong)'}</span>
              {correct && !partOk.get(b.id) && <> · correct: {correct}</>}
            </li>
          );
        })}
      </ul>
    );
  },
  complete: (q, a) => !!a && q.blanks.every((b) => a.blanks[b.id]),
};
