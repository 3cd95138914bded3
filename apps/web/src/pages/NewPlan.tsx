// Ask for a learning plan: a course, a topic and optional notes. Each submission carries an
// Idempotency-Key, kept while the input is unchanged, so a resent click returns the same plan.
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Form, Input, Label, Text, TextArea, TextField } from 'react-aria-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { useCourses } from '../api/queries';
import { Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { notPro, PlanProblem } from '../plans/PlanProblem';
import { useMe } from '../session';
import { counter, NOTES_LIMIT, TOPIC_LIMIT } from '../plans/words';

const newKey = () => crypto.randomUUID();

/** Counts what the planner keeps: the server trims spaces at both ends before cutting. */
function Counter({ id, length, limit, what }: { id: string; length: number; limit: number; what: string }) {
  const over = length > limit;
  return (
    <Text slot="description" id={id} className={over ? 'counter over' : 'counter'}>
      {counter(length, limit)} characters
      {over && <span role="alert"> · Only the first {limit.toLocaleString('en')} characters of your {what} will be used.</span>}
    </Text>
  );
}

export function NewPlan() {
  useTitle('New learning plan');
  const navigate = useNavigate();
  const client = useQueryClient();
  const courses = useCourses();
  const me = useMe();
  // Ask the list first: a learner below pro, or a server without a planner, learns it before typing.
  const access = useQuery({ queryKey: ['plans'], queryFn: () => call(api.GET('/api/v1/plans')), retry: false });
  const [courseId, setCourseId] = useState<string | null>(null);
  const [topic, setTopic] = useState('');
  const [notes, setNotes] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = useRef(newKey());
  const edited = () => {
    key.current = newKey();
    setError(null);
  };
  const course = courseId ?? courses.data?.courses[0]?.id ?? '';

  if (access.isPending || me.isPending) return <Loading label="Loading" />;
  if (access.isError || (me.data && me.data.tier !== 'pro')) {
    return (
      <section className="narrow-wide">
        <h1>New learning plan</h1>
        <PlanProblem error={access.isError ? access.error : notPro()} retry={() => void access.refetch()} />
      </section>
    );
  }

  return (
    <section className="narrow-wide">
      <p className="breadcrumbs">
        <Link to="/plans">Learning plans</Link>
      </p>
      <h1>New learning plan</h1>
      <p className="lead">Say what you want to learn and anything the planner should know. It uses your background and progress too.</p>
      <Form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (sending || !topic.trim()) return;
          setSending(true);
          setError(null);
          try {
            const plan = await call(
              api.POST('/api/v1/plans', {
                params: { header: { 'idempotency-key': key.current } },
                body: { courseId: course, topic, ...(notes.trim() && { notes }) },
              }),
            );
            await client.invalidateQueries({ queryKey: ['plans'] });
            client.setQueryData(['plan', plan.id], plan);
            navigate(`/plans/${plan.id}`);
          } catch (err) {
            setError(err);
          } finally {
            setSending(false);
          }
        }}
      >
        {(courses.data?.courses.length ?? 0) > 1 && (
          <div className="field course-picker">
            <label htmlFor="plan-course">Course</label>
            <select
              id="plan-course"
              value={course}
              onChange={(e) => {
                setCourseId(e.target.value);
                edited();
              }}
            >
              {courses.data?.courses.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
        )}
        <TextField
          className="field"
          name="topic"
          isRequired
          value={topic}
          onChange={(v) => {
            setTopic(v);
            edited();
          }}
        >
          <Label>Topic</Label>
          <Input placeholder="e.g. Build a retrieval-augmented chatbot" />
          <Counter id="topic-count" length={topic.trim().length} limit={TOPIC_LIMIT} what="topic" />
        </TextField>
        <TextField
          className="field"
          name="notes"
          value={notes}
          onChange={(v) => {
            setNotes(v);
            edited();
          }}
        >
          <Label>Notes (optional)</Label>
          <TextArea rows={6} placeholder="What you already know, how much time you have, what you want to build…" />
          <Counter id="notes-count" length={notes.trim().length} limit={NOTES_LIMIT} what="notes" />
        </TextField>
        {error !== null && <PlanProblem error={error} />}
        <Button type="submit" className="button" isDisabled={sending || !topic.trim() || !course}>
          {sending ? 'Asking…' : 'Ask for a plan'}
        </Button>
      </Form>
    </section>
  );
}
