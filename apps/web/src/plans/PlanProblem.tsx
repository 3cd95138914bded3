// Plan routes answer 402 below the pro tier and 503 when no planner is configured; both are
// explained here in the learner's terms, and anything else falls back to the usual notice.
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { ErrorNotice } from '../components/Status';

/** The 402 the create route would answer, shown before a learner below pro fills in the form. */
export const notPro = () => new ApiError(402, { title: 'Payment required', requiredTier: 'pro' }, null);

export function PlanProblem({ error, retry }: { error: unknown; retry?: () => void }) {
  if (error instanceof ApiError && error.status === 402) {
    return (
      <div className="notice notice-premium" role="alert">
        <p className="notice-title">Learning plans are part of the pro tier</p>
        <p>
          A learning plan is written for you by an AI planner from the course's real steps, your background and what you have already done:
          ordered modules of tasks, each linked to the step that teaches it. Each plan costs money to generate, so plans come with the{' '}
          <strong>{error.problem.requiredTier ?? 'pro'}</strong> tier.
        </p>
        <p>
          Everything else stays open to you: <Link to="/">the courses</Link>, quizzes, <Link to="/progress">progress</Link> and{' '}
          <Link to="/review">review</Link>. Ask your operator to upgrade your account; there is no payment in this app yet.
        </p>
      </div>
    );
  }
  if (error instanceof ApiError && error.status === 503) {
    return (
      <div className="notice notice-info" role="alert">
        <p className="notice-title">Plans are unavailable</p>
        <p>Learning plans are not available on this server right now. The rest of the app works as usual: carry on with <Link to="/">the courses</Link>.</p>
      </div>
    );
  }
  return <ErrorNotice error={error} {...(retry && { retry })} />;
}
