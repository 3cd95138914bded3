// The learner's bookmarks and notes across one course or all of them, newest first: each links to
// its step (and heading), notes can be edited or deleted, bookmarks removed, notes searched. Notes
// written in ChatGPT (MCP) are the same rows, so they show here too.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Input, Label, SearchField } from 'react-aria-components';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../api/client';
import { useCourses } from '../api/queries';
import { CourseSelect } from '../components/CourseSelect';
import { Markdown } from '../components/Markdown';
import { Empty, ErrorNotice, Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { formatDate } from '../format';
import { useDebounced } from '../reference/useDebounced';
import { useMe } from '../session';

type Note = Schemas['Note'];
type Bookmark = Schemas['BookmarkList']['bookmarks'][number];

const MAX_NOTE = 10_000;
const stepPath = (courseId: string, stepId: string, anchor: string | null) => `/courses/${courseId}/steps/${stepId}${anchor ? `#${anchor}` : ''}`;

export function Notes() {
  useTitle('Your notes');
  const me = useMe();
  const courses = useCourses();
  const [params, setParams] = useSearchParams();
  const courseId = params.get('course') ?? '';
  const [typed, setTyped] = useState(params.get('q') ?? '');
  const q = useDebounced(typed, 250).trim();
  const setParam = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  if (me.isPending || courses.isPending) return <Loading label="Loading your notes" />;
  if (!me.data) {
    return (
      <section className="narrow-wide">
        <h1>Your notes</h1>
        <Empty title="No notes yet.">
          <p>
            Bookmark a step or write a note under it and it is listed here. <Link to="/">Browse the courses</Link> or{' '}
            <Link to="/account/sign-in">sign in</Link>.
          </p>
        </Empty>
      </section>
    );
  }
  if (courses.isError) return <ErrorNotice error={courses.error} retry={() => void courses.refetch()} />;
  const list = courses.data.courses;
  const courseIds = courseId ? [courseId] : list.map((c) => c.id);
  const courseTitle = (id: string) => list.find((c) => c.id === id)?.title ?? id;

  return (
    <section className="narrow-wide notes-page">
      <h1>Your notes</h1>
      <p className="lead">
        Bookmarks and notes you left on steps, here or in ChatGPT; the latest first (a note moves up when you edit it).{' '}
        <a href="/api/v1/me/export/notes" download="course-companion-notes.json">
          Download them all (JSON)
        </a>
      </p>
      <div className="notes-filters">
        <CourseSelect id="notes-course" className="field" courses={list} value={courseId} onChange={(id) => setParam('course', id)} allLabel="All courses" />
        <SearchField
          className="field search-field"
          value={typed}
          onChange={(value) => {
            setTyped(value);
            setParam('q', value.trim());
          }}
        >
          <Label>Search your notes</Label>
          <Input placeholder="Words in a note or its passage" maxLength={200} />
        </SearchField>
      </div>
      {!q && <BookmarkList courseIds={courseIds} courseTitle={courseTitle} showCourse={!courseId} />}
      <NoteList courseId={courseId} q={q} courseTitle={courseTitle} showCourse={!courseId} />
    </section>
  );
}

function BookmarkList({ courseIds, courseTitle, showCourse }: { courseIds: string[]; courseTitle: (id: string) => string; showCourse: boolean }) {
  const client = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const results = useQueries({
    queries: courseIds.map((courseId) => ({
      queryKey: ['me', 'bookmarks', courseId],
      queryFn: () => call(api.GET('/api/v1/me/courses/{courseId}/bookmarks', { params: { path: { courseId } } })),
    })),
  });
  const failed = results.find((r) => r.isError);
  const bookmarks = results
    .flatMap((r) => r.data?.bookmarks ?? [])
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const remove = async (b: Bookmark) => {
    setError(null);
    try {
      await call(api.DELETE('/api/v1/me/bookmarks/{bookmarkId}', { params: { path: { bookmarkId: b.id } } }));
      await client.invalidateQueries({ queryKey: ['me', 'bookmarks'] });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="bookmarks-heading">
      <h2 id="bookmarks-heading">Bookmarks</h2>
      {results.some((r) => r.isPending) && <Loading label="Loading your bookmarks" />}
      {failed && <ErrorNotice error={failed.error} retry={() => void failed.refetch()} />}
      {error !== null && <ErrorNotice error={error} />}
      {results.every((r) => r.isSuccess) && bookmarks.length === 0 && (
        <Empty title="No bookmarks yet.">
          <p>Use “Bookmark this step” under a step to keep it here.</p>
        </Empty>
      )}
      {bookmarks.length > 0 && (
        <ul className="entries">
          {bookmarks.map((b) => (
            <li key={b.id} className="entry trace">
              <Link to={stepPath(b.courseId, b.stepId, b.anchor)} className="result-link">
                {b.stepTitle ?? 'A step no longer in the course'}
                {b.heading ? ` › ${b.heading}` : ''}
              </Link>
              <p className="meta">
                {showCourse && `${courseTitle(b.courseId)} · `}Bookmarked {formatDate(b.createdAt)}
              </p>
              <Button className="button secondary" onPress={() => void remove(b)} aria-label={`Remove the bookmark on ${b.stepTitle ?? b.stepId}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NoteList({ courseId, q, courseTitle, showCourse }: { courseId: string; q: string; courseTitle: (id: string) => string; showCourse: boolean }) {
  const notes = useQuery({
    queryKey: ['me', 'notes', 'page', courseId, q],
    queryFn: () => call(api.GET('/api/v1/me/notes', { params: { query: { ...(courseId && { courseId }), ...(q && { q }), limit: 200 } } })),
  });
  return (
    <section aria-labelledby="notes-heading">
      <h2 id="notes-heading">{q ? `Notes matching “${q}”` : 'Notes'}</h2>
      {notes.isPending && <Loading label={q ? 'Searching your notes' : 'Loading your notes'} />}
      {notes.isError && <ErrorNotice error={notes.error} retry={() => void notes.refetch()} />}
      {notes.data && notes.data.notes.length === 0 && (
        <Empty title={q ? `None of your notes has every word of “${q}”.` : 'No notes yet.'}>
          <p>{q ? 'Try fewer words.' : 'Write a note under a step (select a passage first to highlight it) and it is listed here.'}</p>
        </Empty>
      )}
      {notes.data && notes.data.notes.length > 0 && (
        <>
          {q && (
            <p role="status">
              {notes.data.notes.length} note{notes.data.notes.length === 1 ? '' : 's'} found
            </p>
          )}
          <ul className="entries">
            {notes.data.notes.map((n) => (
              <NoteItem key={n.id} note={n} showCourse={showCourse} courseTitle={courseTitle} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function NoteItem({ note, showCourse, courseTitle }: { note: Note; showCourse: boolean; courseTitle: (id: string) => string }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const h = note.highlight;
  const title = note.stepTitle ?? 'A step no longer in the course';
  const run = async (action: () => Promise<unknown>, after: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      after();
      await client.invalidateQueries({ queryKey: ['me', 'notes'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(
      () => call(api.PATCH('/api/v1/me/notes/{noteId}', { params: { path: { noteId: note.id } }, body: { markdown: editing ?? '' } })),
      () => setEditing(null),
    );
  const remove = () => run(() => call(api.DELETE('/api/v1/me/notes/{noteId}', { params: { path: { noteId: note.id } } })), () => setConfirming(false));

  return (
    <li className="entry trace">
      <Link to={stepPath(note.courseId, note.stepId, h?.sectionAnchor ?? null)} className="result-link">
        {title}
      </Link>
      <p className="meta">
        {showCourse && `${courseTitle(note.courseId)} · `}Written {formatDate(note.createdAt)}
        {note.updatedAt !== note.createdAt &&
          (formatDate(note.updatedAt) === formatDate(note.createdAt) ? ' · edited' : ` · edited ${formatDate(note.updatedAt)}`)}
      </p>
      {h && (
        <blockquote className={`quote${h.status === 'stale' ? ' stale' : ''}`}>
          {h.quote}
          {h.status === 'stale' && (
            <span className="stale-flag">
              <span className="badge badge-stale">Changed</span> This passage has been edited or removed since you highlighted it; your note is kept.
            </span>
          )}
        </blockquote>
      )}
      {editing === null ? (
        <div className="note-text">
          <Markdown>{note.markdown}</Markdown>
        </div>
      ) : (
        <label className="field">
          <span>Edit your note (Markdown)</span>
          <textarea value={editing} onChange={(e) => setEditing(e.target.value)} maxLength={MAX_NOTE} rows={4} />
        </label>
      )}
      <div className="trace-actions">
        {editing === null && !confirming && (
          <>
            <Button className="button secondary" onPress={() => setEditing(note.markdown)} aria-label={`Edit the note on ${title}`}>
              Edit
            </Button>
            <Button className="button secondary" onPress={() => setConfirming(true)} aria-label={`Delete the note on ${title}`}>
              Delete
            </Button>
          </>
        )}
        {editing !== null && (
          <>
            <Button className="button" onPress={() => void save()} isDisabled={busy || editing.trim() === ''}>
              Save
            </Button>
            <Button className="button secondary" onPress={() => setEditing(null)} isDisabled={busy}>
              Cancel
            </Button>
          </>
        )}
        {confirming && (
          <>
            <span role="status">Delete this note for good?</span>
            <Button className="button danger" onPress={() => void remove()} isDisabled={busy}>
              Yes, delete it
            </Button>
            <Button className="button secondary" onPress={() => setConfirming(false)} isDisabled={busy}>
              Keep it
            </Button>
          </>
        )}
      </div>
      {error !== null && <ErrorNotice error={error} courseId={note.courseId} />}
    </li>
  );
}
