// A quiz on its step: start (or resume) an attempt, answer, take hints, submit, read the feedback.
// Passing invalidates the learner's data, so what it unlocks (the next step, the outline) updates in place.
import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useQueryClient } from '@tanstack/react-query';
import { api, call, type Answer, type GradedAttempt, type OpenAttempt } from '../api/client';
import { ErrorNotice } from '../components/Status';
import { useEnsureLearner } from '../session';
import { QuestionInput, QuestionResult, initialAnswers, isComplete } from './QuestionView';

const policyText: Record<OpenAttempt['quiz']['policy']['showAnswers'], string> = {
  after_pass: 'Correct answers are shown once you pass.',
  after_last_attempt: 'Correct answers are shown after your last attempt.',
  never: 'Correct answers are not shown for this quiz.',
};

export function QuizPanel({ courseId, quizId, checkpoint, autoStart = false }: { courseId: string; quizId: string; checkpoint: boolean; autoStart?: boolean }) {
  const client = useQueryClient();
  const ensureLearner = useEnsureLearner();
  const [open, setOpen] = useState<OpenAttempt | null>(null);
  const [graded, setGraded] = useState<GradedAttempt | null>(null);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [hints, setHints] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [showIncomplete, setShowIncomplete] = useState(false);
  const idempotencyKey = useRef<string>('');
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const start = () =>
    run(async () => {
      await ensureLearner();
      const attempt = await call(
        api.POST('/api/v1/me/courses/{courseId}/quizzes/{quizId}/attempts', { params: { path: { courseId, quizId } } }),
      );
      setOpen(attempt);
      setGraded(null);
      setAnswers(initialAnswers(attempt.quiz.questions));
      setHints({});
      setShowIncomplete(false);
      idempotencyKey.current = crypto.randomUUID();
    });

  const submit = () =>
    run(async () => {
      if (!open) return;
      const result = await call(
        api.POST('/api/v1/me/attempts/{attemptId}/submit', {
          params: { path: { attemptId: open.attempt.id }, header: { 'idempotency-key': idempotencyKey.current } },
          body: { answers },
        }),
      );
      setGraded(result);
      await client.invalidateQueries({ queryKey: ['me'] });
      requestAnimationFrame(() => resultHeading.current?.focus());
    });

  const hint = async (questionId: string) => {
    if (!open) return;
    const h = await call(api.POST('/api/v1/me/attempts/{attemptId}/hints', { params: { path: { attemptId: open.attempt.id } }, body: { questionId } }));
    setHints((prev) => ({ ...prev, [questionId]: [...(prev[questionId] ?? []), h.text] }));
  };

  const started = useRef(false);
  useEffect(() => {
    if (autoStart && !started.current) {
      started.current = true;
      void start();
    }
  }, []);

  const title = checkpoint ? 'Checkpoint' : 'Check your understanding';
  if (!open) {
    return (
      <section className="quiz" aria-labelledby="quiz-title">
        <h2 id="quiz-title">{title}</h2>
        <p>
          {checkpoint
            ? 'Pass this checkpoint to unlock what comes next. You can take hints as you go.'
            : 'A few quick questions on this step. Hints are there if you need them.'}
        </p>
        {error !== null && <ErrorNotice error={error} courseId={courseId} />}
        <Button className="button" onPress={start} isDisabled={busy}>
          {busy ? 'Starting…' : error !== null ? 'Try again' : 'Start the quiz'}
        </Button>
      </section>
    );
  }

  const { quiz, attempt } = open;
  const missing = quiz.questions.filter((q) => !isComplete(q, answers[q.id]));
  if (graded) {
    const byId = new Map(quiz.questions.map((q) => [q.id, q] as const));
    const remaining = graded.attempt.attemptsRemaining;
    return (
      <section className="quiz" aria-labelledby="quiz-title">
        <h2 id="quiz-title" ref={resultHeading} tabIndex={-1}>
          {graded.passed ? 'Passed' : 'Not passed yet'}: {graded.score}%
        </h2>
        <div className={`notice ${graded.passed ? 'notice-success' : 'notice-info'}`} role="status">
          <p>
            You scored {graded.score}% (pass mark {quiz.policy.passScore}%).{' '}
            {graded.passed
              ? checkpoint
                ? 'What this checkpoint guards is now open.'
                : 'Well done.'
              : remaining === 0
                ? 'You have used every attempt for this quiz.'
                : `Read the feedback, then try again${remaining !== null ? ` (${remaining} attempt${remaining === 1 ? '' : 's'} left)` : ''}.`}
          </p>
          {graded.recordedScore !== null && graded.recordedScore !== graded.score && <p>Your recorded score stays {graded.recordedScore}%.</p>}
          {!graded.review.revealed && <p>{policyText[quiz.policy.showAnswers]}</p>}
        </div>
        <ol className="results">
          {graded.review.questions.map((r, i) => (
            <QuestionResult key={r.questionId} question={byId.get(r.questionId)} review={r} index={i} />
          ))}
        </ol>
        {(remaining === null || remaining > 0) && (
          <Button className={graded.passed ? 'button secondary' : 'button'} onPress={start} isDisabled={busy}>
            {graded.passed ? 'Take it again' : 'Try again'}
          </Button>
        )}
        {error !== null && <ErrorNotice error={error} courseId={courseId} />}
      </section>
    );
  }

  return (
    <section className="quiz" aria-labelledby="quiz-title">
      <h2 id="quiz-title">{quiz.title}</h2>
      <p className="meta">
        {quiz.questions.length} question{quiz.questions.length === 1 ? '' : 's'} · pass mark {quiz.policy.passScore}% · attempt {attempt.number}
        {attempt.attemptsRemaining !== null && ` · ${attempt.attemptsRemaining} attempt${attempt.attemptsRemaining === 1 ? '' : 's'} left after this one`}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (missing.length > 0) {
            setShowIncomplete(true);
            return;
          }
          void submit();
        }}
      >
        {quiz.questions.map((q, i) => (
          <QuestionInput
            key={q.id}
            question={q}
            index={i}
            answer={answers[q.id]}
            disabled={busy}
            hints={hints[q.id]}
            onHint={() => hint(q.id)}
            onChange={(a) =>
              setAnswers((prev) => {
                const next = { ...prev };
                if (a) next[q.id] = a;
                else delete next[q.id];
                return next;
              })
            }
          />
        ))}
        {showIncomplete && missing.length > 0 && (
          <div className="notice notice-info" role="alert">
            <p>
              {missing.length} question{missing.length === 1 ? ' is' : 's are'} not answered yet (
              {missing.map((q) => `question ${quiz.questions.indexOf(q) + 1}`).join(', ')}).{' '}
              <Button className="link-button" onPress={() => void submit()}>
                Submit anyway
              </Button>
            </p>
          </div>
        )}
        {error !== null && <ErrorNotice error={error} courseId={courseId} />}
        <Button type="submit" className="button" isDisabled={busy}>
          {busy ? 'Submitting…' : 'Submit answers'}
        </Button>
      </form>
    </section>
  );
}
