// The signed-in learner's bookmark and notes on one step (REST /me/bookmarks, /me/notes).
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { useMe } from '../session';
import { Markdown } from './Markdown';
import { ErrorNotice } from './Status';

const MAX_NOTE = 10_000;

export function StepNotes({ courseId, stepId }: { courseId: string; stepId: string }) {
  const me = useMe();
  const client = useQueryClient();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const bookmarksKey = ['me', 'bookmarks', courseId] as const;
  const notesKey = ['me', 'notes', courseId, stepId] as const;
  const bookmarks = useQuery({
    queryKey: bookmarksKey,
    queryFn: () => call(api.GET('/api/v1/me/courses/{courseId}/bookmarks', { params: { path: { courseId } } })),
    enabled: !!me.data,
  });
  const notes = useQuery({
    queryKey: notesKey,
    queryFn: () => call(api.GET('/api/v1/me/notes', { params: { query: { courseId, stepId } } })),
    enabled: !!me.data,
  });
  if (!me.data) return null;
  const bookmark = bookmarks.data?.bookmarks.find((b) => b.stepId === stepId && b.anchor === null);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await client.invalidateQueries({ queryKey: ['me', 'bookmarks'] });
      await client.invalidateQueries({ queryKey: ['me', 'notes'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const toggleBookmark = () =>
    run(() =>
      bookmark
        ? call(api.DELETE('/api/v1/me/bookmarks/{bookmarkId}', { params: { path: { bookmarkId: bookmark.id } } }))
        : call(api.POST('/api/v1/me/bookmarks', { body: { courseId, stepId } })),
    );
  const save = () =>
    run(async () => {
      await call(api.POST('/api/v1/me/notes', { body: { courseId, stepId, markdown: draft } }));
      setDraft('');
    });
  const remove = (noteId: string) => run(() => call(api.DELETE('/api/v1/me/notes/{noteId}', { params: { path: { noteId } } })));

  return (
    <section className="panel step-notes" aria-label="Your bookmark and notes">
      <Button className="button secondary" onPress={toggleBookmark} isDisabled={busy || bookmarks.isPending} aria-pressed={!!bookmark}>
        {bookmark ? '★ Bookmarked' : '☆ Bookmark this step'}
      </Button>
      <h2>Your notes</h2>
      {notes.data && notes.data.notes.length === 0 && <p className="hint">No notes on this step yet.</p>}
      <ul className="notes">
        {notes.data?.notes.map((n) => (
          <li key={n.id}>
            {n.highlight && (
              <blockquote className={n.highlight.status === 'stale' ? 'stale' : undefined}>
                {n.highlight.quote}
                {n.highlight.status === 'stale' && <span className="meta"> (this passage has changed since)</span>}
              </blockquote>
            )}
            <Markdown>{n.markdown}</Markdown>
            <Button className="button secondary" onPress={() => void remove(n.id)} isDisabled={busy} aria-label="Delete this note">
              Delete
            </Button>
          </li>
        ))}
      </ul>
      <label className="field">
        <span>New note (Markdown)</span>
        <textarea value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={MAX_NOTE} rows={4} />
      </label>
      <Button className="button" onPress={() => void save()} isDisabled={busy || draft.trim() === ''}>
        Save note
      </Button>
      {error !== null && <ErrorNotice error={error} courseId={courseId} />}
    </section>
  );
}

/** The learner's achievements in a course: earned ones with their date, and the next ones with their progress. */
export function Achievements({ courseId }: { courseId: string }) {
  const me = useMe();
  const achievements = useQuery({
    queryKey: ['me', 'achievements', courseId],
    queryFn: () => call(api.GET('/api/v1/me/courses/{courseId}/achievements', { params: { path: { courseId } } })),
    enabled: !!me.data,
  });
  if (!achievements.data) return null;
  const a = achievements.data;
  const next = new Set(a.next);
  return (
    <section className="panel achievements" aria-label="Achievements">
      <h2>
        Achievements <span className="meta">({a.earned} of {a.total})</span>
      </h2>
      <ul>
        {a.achievements
          .filter((x) => x.earned || next.has(x.id))
          .map((x) => (
            <li key={x.id}>
              <strong>{x.title}</strong>: {x.description}
              {x.earned ? <span className="badge badge-done"> {x.awardedOn}</span> : <span className="meta"> ({x.progress.current}/{x.progress.target})</span>}
            </li>
          ))}
      </ul>
    </section>
  );
}
