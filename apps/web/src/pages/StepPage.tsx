import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { Button, Switch } from 'react-aria-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, call, guestToken, type StepView } from '../api/client';
import { keys, useStep } from '../api/queries';
import { Markdown } from '../components/Markdown';
import { ErrorNotice, Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { LockIcon } from '../components/Icons';
import { QuizStart } from '../quiz/QuizStart';
import { StepNotes } from '../components/StepNotes';
import { useEnsureLearner, useMe } from '../session';

const AUDIENCE_LABEL = { beginner: 'For beginners', advanced: 'Going further' } as const;

/**
 * Records the resume position (PUT /me/courses/{c}/position, added by the hardening work). Until that
 * route is deployed it answers 404, which is fine: opening a step then records nothing.
 */
async function recordPosition(courseId: string, stepId: string): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = guestToken.get();
  if (token) headers.authorization = `Bearer ${token}`;
  await fetch(`/api/v1/me/courses/${encodeURIComponent(courseId)}/position`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers,
    body: JSON.stringify({ stepId }),
  }).catch(() => undefined);
}

function useAccess(courseId: string, stepId: string | undefined) {
  const me = useMe();
  return useQuery({
    queryKey: ['me', 'access', courseId, stepId ?? '', me.data?.id ?? 'anonymous'],
    queryFn: () =>
      call(api.GET('/api/v1/courses/{courseId}/steps/{stepId}/access', { params: { path: { courseId, stepId: stepId ?? '' } } })),
    enabled: !!stepId && !me.isLoading,
  });
}

/** The step body without its leading `# Title` line (the page shows the title itself). */
function withoutTitle(markdown: string): string {
  return markdown.replace(/^\s*#\s[^\n]*\n/, '');
}

export function StepPage() {
  const { courseId = '', stepId = '' } = useParams();
  const step = useStep(courseId, stepId);
  const me = useMe();
  useTitle(step.data?.step.title ?? (step.isError ? 'Step unavailable' : undefined));

  useEffect(() => {
    if (step.data && me.data) void recordPosition(courseId, stepId);
  }, [step.data?.step.id, me.data?.id]);

  if (step.isPending) return <Loading label="Loading the step" />;
  if (step.isError) {
    return (
      <section>
        <p className="breadcrumbs">
          <Link to="/">Courses</Link> › <Link to={`/courses/${courseId}`}>Course outline</Link>
        </p>
        <h1>This step is not open to you yet</h1>
        <ErrorNotice error={step.error} courseId={courseId} retry={() => void step.refetch()} />
        {step.error instanceof ApiError && step.error.status === 401 && <StartAsGuest />}
      </section>
    );
  }
  return <StepContent key={stepId} data={step.data} />;
}

function StartAsGuest() {
  const ensure = useEnsureLearner();
  const client = useQueryClient();
  return (
    <Button
      className="button"
      onPress={async () => {
        await ensure();
        await client.invalidateQueries();
      }}
    >
      Start as a guest
    </Button>
  );
}

function StepContent({ data }: { data: StepView }) {
  const { courseId, step, chapter, blocks, sections, previous, next } = data;
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const ensureLearner = useEnsureLearner();
  const [showAll, setShowAll] = useState(false);
  const [completed, setCompleted] = useState(data.completed === true);
  const [completing, setCompleting] = useState(false);
  const [completeError, setCompleteError] = useState<unknown>(null);
  const nextAccess = useAccess(courseId, next?.id);
  const anchors = sections.map((s) => s.anchor).filter((a) => a !== '');
  const hidden = blocks.filter((b) => b.audience !== 'all' && !b.shown).length;
  const nextLocked = nextAccess.data && !nextAccess.data.allowed ? nextAccess.data : null;

  useEffect(() => setCompleted(data.completed === true), [data.completed]);

  // Land on the heading a link (a search result, a shared URL) points at.
  useEffect(() => {
    if (!location.hash) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      target.scrollIntoView();
      target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    }
  }, [location.hash, data.step.id]);

  // Keyboard: ← previous step, → next step (not while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.closest('[role="radiogroup"],[role="group"]'))) return;
      if (e.key === 'ArrowLeft' && previous) navigate(`/courses/${courseId}/steps/${previous.id}`);
      if (e.key === 'ArrowRight' && next && !nextLocked) navigate(`/courses/${courseId}/steps/${next.id}`);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [previous?.id, next?.id, nextLocked]);

  const complete = async () => {
    setCompleting(true);
    setCompleteError(null);
    try {
      await ensureLearner();
      await call(api.POST('/api/v1/me/courses/{courseId}/steps/{stepId}/complete', { params: { path: { courseId, stepId: step.id } } }));
      setCompleted(true);
      // A read of this step sent before the completion committed (the one a new guest session
      // starts, since the step's key names the learner) would land after it and say "not
      // completed"; a refetch does not replace a first fetch still in flight, so cancel it.
      await client.cancelQueries({ queryKey: keys.step(courseId, step.id) });
      await client.invalidateQueries({ queryKey: ['me'] });
      void client.invalidateQueries({ queryKey: keys.step(courseId, step.id) });
    } catch (e) {
      setCompleteError(e);
    } finally {
      setCompleting(false);
    }
  };

  let firstShared = true;
  return (
    <article className="step">
      <p className="breadcrumbs">
        <Link to="/">Courses</Link> › <Link to={`/courses/${courseId}`}>{chapter.title}</Link>
      </p>
      <header className="step-header">
        <h1>{step.title}</h1>
        <p className="meta">
          {step.kind === 'checkpoint' ? 'Checkpoint' : step.kind[0]?.toUpperCase() + step.kind.slice(1)} · {step.minutes} min
          {step.level !== 'core' && ` · ${step.level}`}
          {chapter.access === 'premium' && <span className="badge badge-premium">Premium</span>}
          {completed && <span className="badge badge-done">Completed</span>}
        </p>
      </header>
      {sections.filter((s) => s.depth === 2).length > 2 && (
        <nav className="toc" aria-label="On this page">
          <p className="toc-title">On this page</p>
          <ol>
            {sections
              .filter((s) => s.depth === 2)
              .map((s) => (
                <li key={s.anchor}>
                  <a href={`#${s.anchor}`}>{s.heading.replace(/[`*_]/g, '')}</a>
                </li>
              ))}
          </ol>
        </nav>
      )}
      {hidden > 0 && (
        <Switch className="switch" isSelected={showAll} onChange={setShowAll}>
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          Show notes written for other levels ({hidden})
        </Switch>
      )}
      {blocks.map((b, i) => {
        if (b.audience === 'all') {
          const md = firstShared ? withoutTitle(b.markdown) : b.markdown;
          firstShared = false;
          return <Markdown key={i} anchors={anchors}>{md}</Markdown>;
        }
        if (!b.shown && !showAll) return null;
        return (
          <aside key={i} className={`audience audience-${b.audience}${b.shown ? '' : ' audience-other'}`} aria-label={b.title ?? AUDIENCE_LABEL[b.audience]}>
            <p className="audience-label">
              {AUDIENCE_LABEL[b.audience]}
              {b.title ? `: ${b.title}` : ''}
              {!b.shown && ' (not on your path)'}
            </p>
            <Markdown anchors={anchors}>{b.markdown}</Markdown>
          </aside>
        );
      })}

      {step.quizId && <QuizStart courseId={courseId} quizId={step.quizId} checkpoint={step.kind === 'checkpoint'} />}

      <div className="step-actions">
        {step.kind !== 'checkpoint' && (
          <Button className={completed ? 'button secondary' : 'button'} onPress={complete} isDisabled={completed || completing}>
            {completed ? '✓ Completed' : completing ? 'Saving…' : 'Mark as complete'}
          </Button>
        )}
        {completeError !== null && <ErrorNotice error={completeError} courseId={courseId} />}
      </div>

      <StepNotes courseId={courseId} stepId={step.id} text={data} />

      <nav className="pager" aria-label="Steps">
        {previous ? (
          <Link className="pager-link" to={`/courses/${courseId}/steps/${previous.id}`} rel="prev">
            <span className="pager-dir">← Previous</span>
            <span>{previous.title}</span>
          </Link>
        ) : (
          <span />
        )}
        {next &&
          (nextLocked ? (
            <div className="pager-link is-locked" aria-live="polite">
              <span className="pager-dir">
                Next <LockIcon label="locked" />
              </span>
              <span>{next.title}</span>
              <span className="meta">
                {nextLocked.reason === 'upgrade'
                  ? `Included with ${nextLocked.requiredTier ?? 'premium'}`
                  : 'Locked: ' +
                    (nextLocked.requirements ?? [])
                      .map((r) => (r.type === 'step' ? `pass “${r.title}” (${r.minScore}%)` : `complete ${r.minCompletion}% of “${r.title}”`))
                      .join(', ')}
              </span>
              <Link to={`/courses/${courseId}/steps/${next.id}`}>See why</Link>
            </div>
          ) : (
            <Link className="pager-link pager-next" to={`/courses/${courseId}/steps/${next.id}`} rel="next" aria-live="polite">
              <span className="pager-dir">Next →</span>
              <span>{next.title}</span>
            </Link>
          ))}
      </nav>
      <p className="hint reference-links">
        Stuck on a word or an error? Look it up in the <Link to={`/courses/${courseId}/glossary`}>glossary</Link> or the{' '}
        <Link to={`/courses/${courseId}/mistakes`}>common mistakes</Link> of this course.
      </p>
      <p className="hint keyboard-hint">Tip: use the ← and → keys to move between steps.</p>
    </article>
  );
}
