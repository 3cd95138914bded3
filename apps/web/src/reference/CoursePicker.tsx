// Reference pages belong to a course: /glossary and /mistakes open the first course's page, and a
// picker switches course when there is more than one.
import { Navigate, useNavigate } from 'react-router';
import { useCourses } from '../api/queries';
import { CourseSelect } from '../components/CourseSelect';
import { ErrorNotice, Loading } from '../components/Status';

/** Sends /glossary (or /mistakes) to the same page of the first course in the catalogue. */
export function FirstCourse({ page }: { page: 'glossary' | 'mistakes' }) {
  const courses = useCourses();
  if (courses.isPending) return <Loading label="Loading courses" />;
  if (courses.isError) return <ErrorNotice error={courses.error} retry={() => void courses.refetch()} />;
  const first = courses.data.courses[0];
  if (!first) return <p>No courses are published yet.</p>;
  return <Navigate to={`/courses/${first.id}/${page}`} replace />;
}

export const GlossaryHome = () => <FirstCourse page="glossary" />;
export const MistakesHome = () => <FirstCourse page="mistakes" />;

export function CoursePicker({ courseId, page }: { courseId: string; page: 'glossary' | 'mistakes' }) {
  const courses = useCourses();
  const navigate = useNavigate();
  const list = courses.data?.courses ?? [];
  if (list.length < 2) return null;
  return <CourseSelect id="course-picker" className="field course-picker" courses={list} value={courseId} onChange={(id) => navigate(`/courses/${id}/${page}`)} />;
}

/** The course's title, for headings and breadcrumbs (the id until the catalogue has loaded). */
export function useCourseTitle(courseId: string): string {
  const courses = useCourses();
  return courses.data?.courses.find((c) => c.id === courseId)?.title ?? courseId;
}
