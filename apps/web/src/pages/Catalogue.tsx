import { Link } from 'react-router';
import { useCourses } from '../api/queries';
import { Empty, ErrorNotice, Loading } from '../components/Status';
import { ResumeBanner } from '../components/ResumeBanner';
import { useTitle } from '../components/useTitle';
import { useMe } from '../session';
import { formatMinutes } from '../format';

export function Catalogue() {
  useTitle('Courses');
  const courses = useCourses();
  const me = useMe();
  return (
    <section>
      <h1>Courses</h1>
      <p className="lead">Read at your pace, check what you learned, and pick up where you left off, here or in ChatGPT.</p>
      {courses.isPending && <Loading label="Loading courses" />}
      {courses.isError && <ErrorNotice error={courses.error} retry={() => void courses.refetch()} />}
      {courses.data && courses.data.courses.length === 0 && <Empty title="No courses are published yet." />}
      {me.data && courses.data?.courses.map((c) => <ResumeBanner key={c.id} courseId={c.id} courseTitle={c.title} />)}
      <ul className="card-list">
        {courses.data?.courses.map((c) => (
          <li key={c.id} className="card">
            <h2>
              <Link to={`/courses/${c.id}`}>{c.title}</Link>
            </h2>
            <p>{c.summary}</p>
            <p className="meta">
              {c.chapterCount} chapters · {c.stepCount} steps · about {formatMinutes(c.minutes)}
            </p>
            <ul className="tags" aria-label="Topics">
              {c.tags.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {!me.data && !me.isPending && (
        <p className="hint">
          No account needed to start: open a step and your progress is kept on this device.{' '}
          <Link to="/account/sign-up">Create an account</Link> to keep it everywhere, including ChatGPT.
        </p>
      )}
    </section>
  );
}
