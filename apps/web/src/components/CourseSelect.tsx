// A labelled <select> of courses: the glossary and mistakes pages' course picker, the notes filter.
interface CourseSelectProps {
  id: string;
  className: string;
  courses: readonly { id: string; title: string }[];
  value: string;
  onChange: (courseId: string) => void;
  /** An extra first option with the value '' (for example "All courses"). */
  allLabel?: string;
}

export function CourseSelect({ id, className, courses, value, onChange, allLabel }: CourseSelectProps) {
  return (
    <div className={className}>
      <label htmlFor={id}>Course</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {courses.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
    </div>
  );
}
