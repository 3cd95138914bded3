// Loading, empty and error states, with 401/402/423/429 explained in the learner's terms.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="status loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}…
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="status empty">
      <p className="status-title">{title}</p>
      {children}
    </div>
  );
}

interface Requirement {
  type?: unknown;
  title?: unknown;
  stepId?: unknown;
  chapterId?: unknown;
  minScore?: unknown;
  currentScore?: unknown;
  minCompletion?: unknown;
  currentCompletion?: unknown;
}

/** What a locked step waits for, each linked to where it is done. */
export function RequirementList({ courseId, requirements }: { courseId: string; requirements: readonly Requirement[] }) {
  return (
    <ul className="requirements">
      {requirements.map((r, i) => {
        const title = typeof r.title === 'string' ? r.title : 'a previous step';
        if (r.type === 'step' && typeof r.stepId === 'string') {
          return (
            <li key={i}>
              Pass <Link to={`/courses/${courseId}/steps/${r.stepId}`}>{title}</Link> with at least {String(r.minScore)}%
              {typeof r.currentScore === 'number' ? ` (your best so far: ${r.currentScore}%)` : ' (not attempted yet)'}.
            </li>
          );
        }
        return (
          <li key={i}>
            Complete {String(r.minCompletion)}% of <Link to={`/courses/${courseId}`}>{title}</Link>
            {typeof r.currentCompletion === 'number' ? ` (now ${r.currentCompletion}%)` : ''}.
          </li>
        );
      })}
    </ul>
  );
}

export function ErrorNotice({ error, courseId, retry }: { error: unknown; courseId?: string; retry?: () => void }) {
  const e = error instanceof ApiError ? error : new ApiError(0, { title: 'Something went wrong', detail: String(error) }, null);
  let title = e.problem.title ?? 'Something went wrong';
  let body: ReactNode = <p>{e.problem.detail ?? e.message}</p>;
  switch (e.status) {
    case 0:
      title = 'The server could not be reached';
      body = <p>Check your connection, then try again.</p>;
      break;
    case 401:
      title = 'Sign in to continue';
      body = (
        <p>
          This needs a learner. <Link to="/account/sign-in">Sign in</Link>, <Link to="/account/sign-up">create an account</Link>, or
          open a step and start as a guest.
        </p>
      );
      break;
    case 402:
      title = 'Part of the premium course';
      body = (
        <>
          <p>
            This chapter is included with the <strong>{e.problem.requiredTier ?? 'premium'}</strong> tier. Premium opens every chapter of
            every course (retrieval, agents, evaluation, fine-tuning, safety and cost in Generative AI Fundamentals), with the same
            quizzes, progress and review as the free chapters.
          </p>
          <p>The free chapters stay open to everyone. Ask your operator to upgrade your account; there is no payment in this app yet.</p>
        </>
      );
      break;
    case 423:
      title = 'Not unlocked yet';
      body = (
        <>
          <p>{e.problem.detail ?? 'Finish what comes before this step first:'}</p>
          {courseId && e.problem.requirements && e.problem.requirements.length > 0 && (
            <RequirementList courseId={courseId} requirements={e.problem.requirements as Requirement[]} />
          )}
        </>
      );
      break;
    case 404:
      title = 'Not found';
      body = <p>{e.problem.detail ?? 'There is nothing here.'} <Link to="/">Back to the courses</Link>.</p>;
      break;
    case 429:
      title = 'Slow down a little';
      body = (
        <p>
          Too many requests in a short time. {e.retryAfterSeconds ? `Try again in ${formatSeconds(e.retryAfterSeconds)}.` : 'Try again in a minute.'}
        </p>
      );
      break;
  }
  return (
    <div className={`notice notice-${e.status === 402 ? 'premium' : e.status === 423 ? 'locked' : 'error'}`} role="alert">
      <p className="notice-title">{title}</p>
      {body}
      {retry && e.status !== 402 && e.status !== 423 && e.status !== 404 && (
        <button type="button" className="button secondary" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}
