// One learning plan: while it is being written a progress indicator and a poll; when ready its
// ordered modules and tasks, linked to the steps; when failed the reason in plain words and Retry.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, ProgressBar } from 'react-aria-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { useCourses } from '../api/queries';
import { Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { formatMinutes } from '../format';
import { PlanProblem } from '../plans/PlanProblem';
import { StatusBadge } from '../plans/StatusBadge';
import { reasonInWords, type Plan } from '../plans/words';

const POLL_MS = 1500;

function Pending({ plan }: { plan: Plan }) {
  return (
    <div className="plan-pending">
      <ProgressBar className="progress-indeterminate" isIndeterminate aria-label="Writing your plan">
        <div className="progress-track">
          <div className="progress-fill" />
        </div>
      </ProgressBar>
      <p role="status">
        Your plan is being written{plan.attempts > 1 ? ` (attempt ${plan.attempts} of ${plan.maxAttempts})` : ''}. This page updates by itself; it
        usually takes less than a minute, and you can leave and come back.
      </p>
    </div>
  );
}

function Failed({ plan, onRetried }: { plan: Plan; onRetried: (p: Plan) => void }) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">We could not write this plan</p>
      <p>{reasonInWords(plan.error?.reason)}</p>
      {plan.retryable ? (
        <p>
          You can try again ({plan.maxAttempts - plan.attempts} attempt{plan.maxAttempts - plan.attempts === 1 ? '' : 's'} left).
        </p>
      ) : (
        <p>This plan has used all of its {plan.maxAttempts} attempts. Ask for a new plan, perhaps with a shorter topic.</p>
      )}
      {plan.error && (
        <p className="meta">
          If it keeps failing, contact support with the reference <code>{plan.error.correlationId}</code>.
        </p>
      )}
      {error !== null && <PlanProblem error={error} />}
      {plan.retryable ? (
        <Button
          className="button"
          isDisabled={sending}
          onPress={async () => {
            setSending(true);
            setError(null);
            try {
              onRetried(await call(api.POST('/api/v1/plans/{planId}/retry', { params: { path: { planId: plan.id } } })));
            } catch (e) {
              setError(e);
            } finally {
              setSending(false);
            }
          }}
        >
          {sending ? 'Retrying…' : 'Retry'}
        </Button>
      ) : (
        <Link to="/plans/new" className="button">
          New plan
        </Link>
      )}
    </div>
  );
}

function Modules({ plan }: { plan: Plan }) {
  const total = plan.modules.reduce((sum, m) => sum + m.effortMinutes, 0);
  return (
    <>
      <p className="meta">
        {plan.modules.length} module{plan.modules.length === 1 ? '' : 's'} · about {formatMinutes(total)} in all
      </p>
      <ol className="plan-modules">
        {[...plan.modules]
          .sort((a, b) => a.order - b.order)
          .map((m) => (
            <li key={m.order} className="plan-module">
              <h2>
                <span className="chapter-number">Module {m.order}.</span> {m.title}
              </h2>
              <p>{m.summary}</p>
              <p className="meta">About {formatMinutes(m.effortMinutes)}</p>
              <ol className="plan-tasks">
                {[...m.tasks]
                  .sort((a, b) => a.order - b.order)
                  .map((t) => (
                    <li key={t.order}>
                      {t.stepId ? <Link to={`/courses/${plan.courseId}/steps/${t.stepId}`}>{t.title}</Link> : <span>{t.title}</span>}
                      <span className="step-meta"> · {formatMinutes(t.effortMinutes)}</span>
                    </li>
                  ))}
              </ol>
            </li>
          ))}
      </ol>
    </>
  );
}

export function PlanPage() {
  const { planId = '' } = useParams();
  const client = useQueryClient();
  const courses = useCourses();
  const plan = useQuery({
    queryKey: ['plan', planId],
    queryFn: () => call(api.GET('/api/v1/plans/{planId}', { params: { path: { planId } } })),
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? POLL_MS : false),
    retry: false,
  });
  useTitle(plan.data ? `Plan: ${plan.data.topic}` : 'Learning plan');
  if (plan.isPending) return <Loading label="Loading the plan" />;
  if (plan.isError) {
    return (
      <section className="narrow-wide">
        <h1>Learning plan</h1>
        <PlanProblem error={plan.error} retry={() => void plan.refetch()} />
      </section>
    );
  }
  const p = plan.data;
  const courseTitle = courses.data?.courses.find((c) => c.id === p.courseId)?.title ?? p.courseId;
  return (
    <section className="narrow-wide plan">
      <p className="breadcrumbs">
        <Link to="/plans">Learning plans</Link>
      </p>
      <h1>{p.topic}</h1>
      <p className="meta">
        <StatusBadge status={p.status} /> {courseTitle} · asked {new Date(p.createdAt).toLocaleString()}
      </p>
      {(p.input.topicTruncated || p.input.notesTruncated) && (
        <p className="notice notice-info">
          {p.input.topicTruncated && `Your topic was cut to its first 200 characters (you wrote ${p.input.topicLength.toLocaleString('en')}). `}
          {p.input.notesTruncated && `Your notes were cut to their first 2,000 characters (you wrote ${p.input.notesLength.toLocaleString('en')}).`}
        </p>
      )}
      {p.notes && (
        <details className="plan-notes">
          <summary>Your notes</summary>
          <p>{p.notes}</p>
        </details>
      )}
      {p.status === 'pending' && <Pending plan={p} />}
      {p.status === 'failed' && (
        <Failed
          plan={p}
          onRetried={(next) => {
            client.setQueryData(['plan', p.id], next);
            void client.invalidateQueries({ queryKey: ['plans'] });
          }}
        />
      )}
      {p.status === 'ready' && <Modules plan={p} />}
    </section>
  );
}
