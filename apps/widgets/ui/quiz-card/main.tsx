// Quiz card: renders a start_quiz result (questions without keys), collects the learner's answers,
// submits them through the host's tools/call to submit_quiz and shows the graded feedback; hints
// come one at a time from reveal_hint. The grader decides: the card shows its result as given.
import { useState } from 'react';
import type * as z from 'zod';
import type { Answer, GradedAttemptSchema, OpenAttemptSchema, PresentedQuestion } from '@cc/core';
import { Markdown } from '../shared/markdown.tsx';
import { mount } from '../shared/mount.tsx';
import { Meter, percent, Shell, useWidget, type Widget } from '../shared/widget.tsx';

type OpenAttempt = z.infer<typeof OpenAttemptSchema>;
type Graded = z.infer<typeof GradedAttemptSchema>;
type Hint = OpenAttempt['hints'][number];
type Draft = Partial<Record<string, Answer>>;

function QuizCard() {
  const widget = useWidget<OpenAttempt>('quiz-card');
  return <Shell widget={widget} label="Quiz">{(data) => <Quiz key={data.attempt.id} open={data} widget={widget} />}</Shell>;
}

function Quiz({ open, widget }: { open: OpenAttempt; widget: Widget<OpenAttempt> }) {
  const { quiz, attempt } = open;
  const [draft, setDraft] = useState<Draft>({});
  const [hints, setHints] = useState<Hint[]>(open.hints);
  const [graded, setGraded] = useState<Graded | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const answered = quiz.questions.filter((q) => draft[q.id] !== undefined).length;

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setProblem(null);
    try {
      return await action();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  const submit = () =>
    run(async () => {
      const answers = Object.fromEntries(Object.entries(draft).filter(([, a]) => a !== undefined));
      setGraded((await widget.callTool('submit_quiz', { attemptId: attempt.id, answers })) as Graded);
    });
  const hint = (questionId: string) =>
    run(async () => {
      const h = (await widget.callTool('reveal_hint', { attemptId: attempt.id, questionId })) as Hint;
      setHints((all) => [...all, h]);
    });

  if (graded) return <Result graded={graded} quizTitle={quiz.title} app={widget} />;
  return (
    <form
      aria-labelledby="quiz-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1 id="quiz-title">{quiz.title}</h1>
      <p className="muted small">
        {quiz.kind === 'checkpoint' ? 'Checkpoint' : 'Quick check'} · attempt {attempt.number}
        {attempt.attemptsRemaining !== null && ` (${attempt.attemptsRemaining} left after this one)`} · pass at {quiz.policy.passScore}%
      </p>
      <ol className="plain">
        {quiz.questions.map((q, i) => {
          const shownHints = hints.filter((h) => h.questionId === q.id);
          return (
            <li key={q.id} className="card">
              <Question
                question={q}
                n={i + 1}
                answer={draft[q.id]}
                onChange={(a) => setDraft((d) => ({ ...d, [q.id]: a }))}
              />
              {shownHints.map((h) => (
                <p key={h.index} className="notice notice-info small">
                  <strong>Hint {h.index + 1}:</strong> <Markdown text={h.text} inline />
                </p>
              ))}
              {q.hintCount > shownHints.length && (
                <button type="button" disabled={busy} onClick={() => void hint(q.id)}>
                  Show a hint ({q.hintCount - shownHints.length} left)
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {problem && (
        <p role="alert" className="notice notice-error">
          {problem}
        </p>
      )}
      <div className="row spread">
        <span className="muted small" aria-live="polite">
          {answered} of {quiz.questions.length} answered
        </span>
        <button type="submit" className="primary" disabled={busy || answered === 0}>
          {busy ? 'Working…' : 'Submit answers'}
        </button>
      </div>
    </form>
  );
}

function Question({ question: q, n, answer, onChange }: { question: PresentedQuestion; n: number; answer: Answer | undefined; onChange: (a: Answer) => void }) {
  const name = `q-${q.id}`;
  const legend = (
    <legend>
      <span className="muted small">Question {n}</span>
      <Markdown text={q.prompt} />
    </legend>
  );
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const chosen = answer?.type === 'single' ? [answer.optionId] : answer?.type === 'multiple' ? answer.optionIds : [];
      return (
        <fieldset>
          {legend}
          {q.type === 'multiple' && <p className="muted small">Choose every right answer.</p>}
          {q.options.map((o) => (
            <label key={o.id} className="choice">
              <input
                type={q.type === 'single' ? 'radio' : 'checkbox'}
                name={name}
                checked={chosen.includes(o.id)}
                onChange={(e) =>
                  onChange(
                    q.type === 'single'
                      ? { type: 'single', optionId: o.id }
                      : { type: 'multiple', optionIds: e.target.checked ? [...chosen, o.id] : chosen.filter((id) => id !== o.id) },
                  )
                }
              />
              <Markdown text={o.text} inline />
            </label>
          ))}
        </fieldset>
      );
    }
    case 'true_false':
      return (
        <fieldset>
          {legend}
          {[true, false].map((v) => (
            <label key={String(v)} className="choice">
              <input type="radio" name={name} checked={answer?.type === 'true_false' && answer.value === v} onChange={() => onChange({ type: 'true_false', value: v })} />
              {v ? 'True' : 'False'}
            </label>
          ))}
        </fieldset>
      );
    case 'numeric':
      return (
        <fieldset>
          {legend}
          <label className="row">
            <span className="sr-only">Your answer</span>
            <input
              type="number"
              step="any"
              inputMode="decimal"
              onChange={(e) => {
                const v = e.target.valueAsNumber;
                if (Number.isFinite(v)) onChange({ type: 'numeric', value: v });
              }}
            />
            {q.unit && <span>{q.unit}</span>}
          </label>
        </fieldset>
      );
    case 'short_text':
      return (
        <fieldset>
          {legend}
          <label>
            <span className="sr-only">Your answer</span>
            <input type="text" maxLength={500} onChange={(e) => onChange({ type: 'short_text', text: e.target.value })} />
          </label>
        </fieldset>
      );
    case 'ordering': {
      const order = answer?.type === 'ordering' ? answer.itemIds : q.items.map((i) => i.id);
      const text = new Map(q.items.map((i) => [i.id, i.text]));
      const move = (from: number, to: number) => {
        const next = [...order];
        const [id] = next.splice(from, 1);
        next.splice(to, 0, id as string);
        onChange({ type: 'ordering', itemIds: next });
      };
      return (
        <fieldset>
          {legend}
          <p className="muted small">Put these in the right order.</p>
          <ol>
            {order.map((id, i) => (
              <li key={id} className="row spread" style={{ marginBottom: 6 }}>
                <span>{q.parsons ? <code>{text.get(id)}</code> : <Markdown text={text.get(id) ?? ''} inline />}</span>
                <span className="row">
                  <button type="button" aria-label={`Move item ${i + 1} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>
                    ↑
                  </button>
                  <button type="button" aria-label={`Move item ${i + 1} down`} disabled={i === order.length - 1} onClick={() => move(i, i + 1)}>
                    ↓
                  </button>
                </span>
              </li>
            ))}
          </ol>
        </fieldset>
      );
    }
    case 'matching': {
      const pairs = answer?.type === 'matching' ? answer.pairs : {};
      return (
        <fieldset>
          {legend}
          {q.left.map((l) => (
            <label key={l.id} className="row" style={{ marginBottom: 6 }}>
              <span style={{ flex: '1 1 140px' }}>
                <Markdown text={l.text} inline />
              </span>
              <select value={pairs[l.id] ?? ''} onChange={(e) => onChange({ type: 'matching', pairs: { ...pairs, [l.id]: e.target.value } })}>
                <option value="">Choose…</option>
                {q.right.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.text}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      );
    }
    case 'cloze': {
      const blanks = answer?.type === 'cloze' ? answer.blanks : {};
      const set = (id: string, value: string) => onChange({ type: 'cloze', blanks: { ...blanks, [id]: value } });
      const parts = q.text.split(/\{\{([a-z0-9-]+)\}\}/);
      return (
        <fieldset>
          {legend}
          <p>
            {parts.map((part, i) => {
              if (i % 2 === 0) return <span key={i}>{part}</span>;
              const blank = q.blanks.find((b) => b.id === part);
              const label = `Blank ${(i + 1) / 2}`;
              return blank?.kind === 'choice' ? (
                <select key={i} aria-label={label} value={blanks[part] ?? ''} onChange={(e) => set(part, e.target.value)}>
                  <option value="">…</option>
                  {blank.options.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.text}
                    </option>
                  ))}
                </select>
              ) : (
                <input key={i} type="text" aria-label={label} size={10} maxLength={500} value={blanks[part] ?? ''} onChange={(e) => set(part, e.target.value)} />
              );
            })}
          </p>
        </fieldset>
      );
    }
  }
}

/** An answer (or a solution, which has the same shape) in words, for the simple question types. */
function describe(question: PresentedQuestion, answer: Answer | null | undefined): string | null {
  if (!answer) return null;
  const option = (id: string) => ('options' in question ? question.options.find((o) => o.id === id)?.text : undefined) ?? id;
  switch (answer.type) {
    case 'single':
      return option(answer.optionId);
    case 'multiple':
      return answer.optionIds.map(option).join(', ') || 'none chosen';
    case 'true_false':
      return answer.value ? 'True' : 'False';
    case 'numeric':
      return String(answer.value);
    case 'short_text':
      return answer.text;
    default:
      return null;
  }
}

function Result({ graded, quizTitle, app }: { graded: Graded; quizTitle: string; app: Widget<OpenAttempt> }) {
  const { review } = graded;
  return (
    <section aria-labelledby="result-title">
      <h1 id="result-title">{quizTitle}</h1>
      <div role="status" className={`notice ${graded.passed ? 'notice-ok' : 'notice-error'}`}>
        <strong>
          {percent(graded.score)} · {graded.passed ? 'Passed' : 'Not passed yet'}
        </strong>
        <span className="small">
          {' '}
          ({review.pointsEarned} of {review.pointsPossible} points
          {graded.attempt.attemptsRemaining !== null && `; ${graded.attempt.attemptsRemaining} attempt(s) left`})
        </span>
      </div>
      <Meter value={graded.score} label="Score" />
      <ol className="plain" style={{ marginTop: 12 }}>
        {review.questions.map((q, i) => (
          <li key={q.questionId} className="card">
            <p className="row spread">
              <span className="muted small">Question {i + 1}</span>
              <strong className={q.correct ? 'ok' : 'bad'}>{q.correct ? '✓ Correct' : q.score > 0 ? `Partly right (${percent(q.score * 100)})` : '✗ Not right'}</strong>
            </p>
            {q.prompt && <Markdown text={q.prompt} app={app.app} />}
            {q.question && (
              <>
                <p className="small">
                  <span className="muted">Your answer: </span>
                  {describe(q.question, q.answer) ?? 'not answered'}
                </p>
                {q.solution && !q.correct && describe(q.question, q.solution) && (
                  <p className="small">
                    <span className="muted">Right answer: </span>
                    {describe(q.question, q.solution)}
                  </p>
                )}
              </>
            )}
            {q.feedback.map((f, j) => (
              <div key={j} className="small">
                <Markdown text={f} app={app.app} />
              </div>
            ))}
            {q.explanation && (
              <div className="notice notice-info small">
                <Markdown text={q.explanation} app={app.app} />
              </div>
            )}
          </li>
        ))}
      </ol>
      {!review.revealed && <p className="muted small">Correct answers are not shown for this quiz yet.</p>}
    </section>
  );
}

mount(<QuizCard />);
