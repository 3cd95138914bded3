import { Link } from 'react-router';
import { useProgress } from '../api/queries';

/** "Continue where you left off": the position recorded by the web app or by ChatGPT. */
export function ResumeBanner({ courseId, courseTitle }: { courseId: string; courseTitle?: string }) {
  const progress = useProgress(courseId);
  const resume = progress.data?.resume;
  if (!resume || !progress.data) return null;
  const started = progress.data.chapters.some((c) => c.steps.some((s) => s.completedAt !== null));
  return (
    <aside className="resume-banner" aria-label={started ? 'Continue where you left off' : 'Start here'}>
      <div>
        <p className="resume-kicker">
          {started ? 'Continue where you left off' : 'Start here'}
          {courseTitle ? ` · ${courseTitle}` : ''}
        </p>
        <p className="resume-title">{resume.title}</p>
      </div>
      <Link className="button" to={`/courses/${courseId}/steps/${resume.id}`}>
        {started ? 'Resume' : 'Start'}
      </Link>
    </aside>
  );
}
