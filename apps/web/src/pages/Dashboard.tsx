// Progress with pictures: completion per chapter, activity, a streak calendar in the learner's time
// zone, mastery per chapter and concept, and knowledge gaps linked to the steps that teach them.
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Achievements } from '../components/StepNotes';
import { keys, useCourses, useMastery, useOutline, usePath, useProgress, useStreak } from '../api/queries';
import { ErrorNotice, Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { formatDate, formatMinutes, percent } from '../format';
import { useMe } from '../session';
import { activityByDay, fetchEventsSince, lastDays } from './activity';

const LEVEL_LABEL = {
  not_started: 'Not started',
  attempted: 'Attempted',
  familiar: 'Familiar',
  proficient: 'Proficient',
  mastered: 'Mastered',
} as const;

export function Dashboard() {
  useTitle('Your progress');
  const params = useParams();
  const me = useMe();
  const courses = useCourses();
  const courseId = params.courseId ?? courses.data?.courses[0]?.id;
  if (me.isPending || courses.isPending) return <Loading label="Loading your progress" />;
  if (!me.data) {
    return (
      <section>
        <h1>Your progress</h1>
        <div className="status empty">
          <p className="status-title">Nothing to show yet.</p>
          <p>
            Open a step or take a quiz and your progress appears here. <Link to="/">Browse the courses</Link> or{' '}
            <Link to="/account/sign-in">sign in</Link>.
          </p>
        </div>
      </section>
    );
  }
  if (courses.isError) return <ErrorNotice error={courses.error} />;
  if (!courseId) return <p>No course is published yet.</p>;
  return <CourseDashboard courseId={courseId} timeZone={me.data.profile?.timeZone ?? 'UTC'} />;
}

function CourseDashboard({ courseId, timeZone }: { courseId: string; timeZone: string }) {
  const outline = useOutline(courseId);
  const progress = useProgress(courseId);
  const path = usePath(courseId);
  const mastery = useMastery(courseId);
  const streak = useStreak();
  const activity = useQuery({
    queryKey: [...keys.events, courseId, timeZone],
    queryFn: () => fetchEventsSince(new Date(Date.now() - 90 * 86_400_000)),
  });
  if (progress.isPending || outline.isPending) return <Loading label="Loading your progress" />;
  if (progress.isError) return <ErrorNotice error={progress.error} retry={() => void progress.refetch()} />;
  if (outline.isError) return <ErrorNotice error={outline.error} />;

  const p = progress.data;
  const chapterTitle = new Map(outline.data.chapters.map((c) => [c.id, c.title] as const));
  const teaches = new Map<string, { id: string; title: string }>();
  for (const ch of outline.data.chapters) for (const s of ch.steps) for (const c of s.concepts) if (!teaches.has(c)) teaches.set(c, s);
  const completion = p.chapters.map((c, i) => ({ name: `${i + 1}`, title: c.title, completion: c.completion }));
  const days = streak.data ? lastDays(streak.data.today, 84) : [];
  const perDay = activity.data ? activityByDay(activity.data, timeZone) : new Map<string, number>();
  const last30 = days.slice(-30).map((d) => ({ day: d.slice(5), actions: perDay.get(d) ?? 0 }));

  return (
    <section className="dashboard">
      <h1>Your progress</h1>
      <p className="lead">{outline.data.course.title}</p>
      <dl className="facts">
        <div>
          <dt>Course completed</dt>
          <dd>{percent(p.completion)}</dd>
        </div>
        {streak.data && (
          <>
            <div>
              <dt>Current streak</dt>
              <dd>
                {streak.data.current} day{streak.data.current === 1 ? '' : 's'}
              </dd>
            </div>
            <div>
              <dt>Longest streak</dt>
              <dd>
                {streak.data.longest} day{streak.data.longest === 1 ? '' : 's'}
              </dd>
            </div>
          </>
        )}
        {path.data && (
          <div>
            <dt>Time left</dt>
            <dd>
              {formatMinutes(path.data.remainingCoreMinutes)} · finish around {formatDate(path.data.estimatedFinish)}
            </dd>
          </div>
        )}
      </dl>
      {p.resume && (
        <p>
          <Link className="button" to={`/courses/${courseId}/steps/${p.resume.id}`}>
            Continue: {p.resume.title}
          </Link>
        </p>
      )}

      <div className="panel-grid">
        <figure className="panel">
          <figcaption>
            <h2>Completion per chapter</h2>
          </figcaption>
          <div className="chart" aria-hidden="true">
            <ResponsiveContainer width="100%" height={220}>
              <BarChart accessibilityLayer={false} data={completion} margin={{ left: 0, right: 8, top: 8 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="name" tickLine={false} />
                <YAxis domain={[0, 100]} unit="%" tickLine={false} width={58} />
                <Tooltip formatter={(v) => [`${String(v)}%`, 'completed']} labelFormatter={(l) => completion[Number(l) - 1]?.title ?? String(l)} />
                <Bar dataKey="completion" fill="#1d4ed8" radius={[3, 3, 0, 0]} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="data-table">
            <caption className="visually-hidden">Completion per chapter</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Chapter</th>
                <th scope="col">Done</th>
              </tr>
            </thead>
            <tbody>
              {p.chapters.map((c, i) => (
                <tr key={c.id}>
                  <td>{i + 1}</td>
                  <td>{c.title}</td>
                  <td>{c.status === 'upgrade' ? 'Premium' : c.status === 'locked' ? 'Locked' : percent(c.completion)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>

        <figure className="panel">
          <figcaption>
            <h2>Activity, last 30 days</h2>
          </figcaption>
          {activity.isPending ? (
            <Loading label="Loading activity" />
          ) : activity.isError ? (
            <ErrorNotice error={activity.error} />
          ) : (
            <>
              <div className="chart" aria-hidden="true">
                <ResponsiveContainer width="100%" height={180}>
                  <BarChart accessibilityLayer={false} data={last30} margin={{ left: 0, right: 8, top: 8 }}>
                    <CartesianGrid strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="day" tickLine={false} interval={6} />
                    <YAxis allowDecimals={false} tickLine={false} width={32} />
                    <Tooltip />
                    <Bar dataKey="actions" name="actions" fill="#0f766e" radius={[3, 3, 0, 0]} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
              <p className="hint">
                {last30.reduce((n, d) => n + d.actions, 0)} learning actions (steps completed, questions answered, cards reviewed) in the last
                30 days.
              </p>
            </>
          )}
        </figure>

        <figure className="panel">
          <figcaption>
            <h2>Streak calendar</h2>
          </figcaption>
          <p className="hint">Last 12 weeks, in your time zone ({timeZone}). A day counts when you complete a step, answer a question or review a card.</p>
          <ol className="calendar" aria-label="Active days, last 12 weeks">
            {days.map((d) => {
              const n = perDay.get(d) ?? 0;
              return (
                <li
                  key={d}
                  className={`day level-${n === 0 ? 0 : n < 3 ? 1 : n < 8 ? 2 : 3}${d === streak.data?.today ? ' today' : ''}`}
                  title={`${d}: ${n} action${n === 1 ? '' : 's'}`}
                >
                  <span className="visually-hidden">
                    {d}: {n ? `active (${n})` : 'no activity'}
                  </span>
                </li>
              );
            })}
          </ol>
        </figure>

        <figure className="panel">
          <figcaption>
            <h2>Mastery per chapter</h2>
          </figcaption>
          {mastery.isPending ? (
            <Loading label="Loading mastery" />
          ) : mastery.isError ? (
            <ErrorNotice error={mastery.error} />
          ) : (
            <ul className="mastery-list">
              {mastery.data.chapters.map((c) => (
                <li key={c.chapterId}>
                  <span>{chapterTitle.get(c.chapterId) ?? c.chapterId}</span>
                  <span className={`level level-${c.level}`}>
                    {LEVEL_LABEL[c.level]}
                    {c.answered > 0 && ` · ${percent(c.accuracy * 100)}`}
                  </span>
                  <meter min={0} max={1} value={c.accuracy} aria-label={`${chapterTitle.get(c.chapterId) ?? c.chapterId} accuracy`} />
                </li>
              ))}
            </ul>
          )}
        </figure>
      </div>

      {mastery.data && (
        <div className="panel-grid">
          <section className="panel">
            <h2>Knowledge gaps</h2>
            {mastery.data.gaps.length === 0 ? (
              <p>No gaps found: every concept you answered questions on is at least familiar.</p>
            ) : (
              <ul className="gaps">
                {mastery.data.gaps.map((g) => {
                  const step = teaches.get(g.concept);
                  return (
                    <li key={g.concept}>
                      <strong>{g.concept.replace(/-/g, ' ')}</strong> · {LEVEL_LABEL[g.level]} ({percent(g.accuracy * 100)} right)
                      {step && (
                        <>
                          {' '}
                          · revisit <Link to={`/courses/${courseId}/steps/${step.id}`}>{step.title}</Link>
                        </>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          <section className="panel">
            <h2>Concepts</h2>
            <ul className="concepts">
              {mastery.data.concepts
                .filter((c) => c.level !== 'not_started')
                .map((c) => (
                  <li key={c.concept}>
                    {c.concept.replace(/-/g, ' ')} <span className={`level level-${c.level}`}>{LEVEL_LABEL[c.level]}</span>
                  </li>
                ))}
              {mastery.data.concepts.every((c) => c.level === 'not_started') && <li>Answer a quiz to see your mastery per concept.</li>}
            </ul>
          </section>
        </div>
      )}
      <Achievements courseId={courseId} />
    </section>
  );
}
