import { Link, useParams } from 'react-router';
import type { Outline, Schemas } from '../api/client';
import { useOutline, usePath, useProgress } from '../api/queries';
import { ErrorNotice, Loading } from '../components/Status';
import { ResumeBanner } from '../components/ResumeBanner';
import { useTitle } from '../components/useTitle';
import { LockIcon } from '../components/Icons';
import { formatDate, formatMinutes, percent } from '../format';
import { useMe } from '../session';

type ChapterProgress = Schemas['CourseProgress']['chapters'][number];
type Chapter = Outline['chapters'][number];

const STEP_STATUS: Record<string, string> = {
  completed: 'Done',
  available: 'Open',
  locked: 'Locked',
  upgrade: 'Premium',
};

export function CourseOutline() {
  const { courseId = '' } = useParams();
  const outline = useOutline(courseId);
  const me = useMe();
  const progress = useProgress(courseId);
  const path = usePath(courseId);
  useTitle(outline.data?.course.title);

  if (outline.isPending) return <Loading label="Loading the course" />;
  if (outline.isError) return <ErrorNotice error={outline.error} retry={() => void outline.refetch()} />;
  const { course, chapters } = outline.data;
  const stepTitle = new Map(chapters.flatMap((ch) => ch.steps.map((s) => [s.id, s.title] as const)));
  const chapterTitle = new Map(chapters.map((ch) => [ch.id, ch.title] as const));
  const byChapter = new Map(progress.data?.chapters.map((c) => [c.id, c] as const));
  const roles = new Map(path.data?.steps.map((s) => [s.stepId, s.role] as const));

  return (
    <section>
      <p className="breadcrumbs">
        <Link to="/">Courses</Link>
      </p>
      <h1>{course.title}</h1>
      <p className="lead">{course.summary}</p>
      <dl className="facts">
        <div>
          <dt>Chapters</dt>
          <dd>{course.chapterCount}</dd>
        </div>
        <div>
          <dt>Steps</dt>
          <dd>{course.stepCount}</dd>
        </div>
        {progress.data && (
          <div>
            <dt>Completed</dt>
            <dd>{percent(progress.data.completion)}</dd>
          </div>
        )}
        <div>
          <dt>{path.data ? 'Time left' : 'Length'}</dt>
          <dd>{formatMinutes(path.data ? path.data.remainingCoreMinutes : course.minutes)}</dd>
        </div>
        {path.data && (
          <div>
            <dt>Estimated finish</dt>
            <dd>{formatDate(path.data.estimatedFinish)}</dd>
          </div>
        )}
      </dl>
      {path.data && (
        <p className="hint">
          At {formatMinutes(path.data.weeklyMinutes)} a week, from your profile. <Link to="/onboarding">Change your pace and background</Link>.
        </p>
      )}
      {!me.data && !me.isPending && (
        <p className="hint">Open any free step to start; your progress is kept as you go.</p>
      )}
      <ResumeBanner courseId={courseId} />
      <ol className="chapters">
        {chapters.map((ch, i) => (
          <ChapterCard
            key={ch.id}
            courseId={courseId}
            index={i + 1}
            chapter={ch}
            progress={byChapter.get(ch.id)}
            roles={roles}
            stepTitle={stepTitle}
            chapterTitle={chapterTitle}
          />
        ))}
      </ol>
    </section>
  );
}

function ChapterCard({
  courseId,
  index,
  chapter,
  progress,
  roles,
  stepTitle,
  chapterTitle,
}: {
  courseId: string;
  index: number;
  chapter: Chapter;
  progress: ChapterProgress | undefined;
  roles: Map<string, string>;
  stepTitle: Map<string, string>;
  chapterTitle: Map<string, string>;
}) {
  const status = progress?.status;
  const stepStatus = new Map(progress?.steps.map((s) => [s.id, s.status] as const));
  const locked = status === 'locked';
  const upgrade = status === 'upgrade' || (!progress && chapter.access === 'premium');
  return (
    <li className={`chapter${locked ? ' is-locked' : ''}`}>
      <div className="chapter-head">
        <h2 id={`chapter-${chapter.id}`}>
          <span className="chapter-number">{index}.</span> {chapter.title}
        </h2>
        <span className={`badge ${chapter.access === 'premium' ? 'badge-premium' : 'badge-free'}`}>
          {chapter.access === 'premium' ? 'Premium' : 'Free'}
        </span>
      </div>
      {chapter.summary && <p>{chapter.summary}</p>}
      {progress && (
        <div className="chapter-progress">
          <progress max={100} value={progress.completion} aria-labelledby={`chapter-${chapter.id}`} />
          <span>
            {percent(progress.completion)} done
            {progress.checkpoint?.score !== null && progress.checkpoint?.score !== undefined && ` · checkpoint ${percent(progress.checkpoint.score)}`}
          </span>
        </div>
      )}
      {locked && chapter.prerequisites.length > 0 && (
        <div className="notice notice-locked">
          <p className="notice-title">Locked until you:</p>
          <ul className="requirements">
            {chapter.prerequisites.map((p, i) =>
              p.type === 'step' ? (
                <li key={i}>
                  pass <Link to={`/courses/${courseId}/steps/${p.stepId}`}>{stepTitle.get(p.stepId) ?? p.stepId}</Link>
                  {p.minScore !== undefined ? ` with at least ${p.minScore}%` : ''}
                </li>
              ) : (
                <li key={i}>
                  complete {p.minCompletion}% of “{chapterTitle.get(p.chapterId) ?? p.chapterId}”
                </li>
              ),
            )}
          </ul>
        </div>
      )}
      {upgrade && (
        <p className="hint premium-hint">
          Included with premium: every chapter, with quizzes, progress and review. The free chapters stay open to everyone.
        </p>
      )}
      <ol className="steps">
        {chapter.steps.map((s) => {
          const st = stepStatus.get(s.id);
          const role = roles.get(s.id);
          return (
            <li key={s.id} className={`step-row status-${st ?? 'unknown'}${role === 'skipped' ? ' is-skipped' : ''}`}>
              <span className="step-mark" aria-hidden="true">
                {st === 'completed' ? '✓' : st === 'locked' || st === 'upgrade' ? <LockIcon /> : '•'}
              </span>
              <Link to={`/courses/${courseId}/steps/${s.id}`}>{s.title}</Link>
              <span className="step-meta">
                {st && <span className="visually-hidden">{STEP_STATUS[st]}, </span>}
                {s.kind === 'checkpoint' ? 'Checkpoint · ' : s.hasQuiz ? 'Quiz · ' : ''}
                {s.minutes} min{role && role !== 'core' ? ` · ${role}` : ''}
              </span>
            </li>
          );
        })}
      </ol>
    </li>
  );
}
