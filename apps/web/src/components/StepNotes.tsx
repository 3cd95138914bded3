// The signed-in learner's bookmark and notes on one step (REST /me/bookmarks, /me/notes). Text
// selected in the step becomes the highlighted passage of the next note.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Button } from 'react-aria-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { useMe } from '../session';
import { Markdown } from './Markdown';
import { ErrorNotice } from './Status';
import { formatDate } from '../format';
import { locatePassage, type Passage } from './passage';

const MAX_NOTE = 10_000;

interface StepText {
  markdown: string;
  sections: readonly { anchor: string; depth: number }[];
}

/** The nearest h2/h3 with an id before `node` in the step: the section the selection is in. */
function sectionOf(node: Node, article: Element): string | null {
  const headings = [...article.querySelectorAll('h2[id], h3[id]')];
  let found: string | null = null;
  for (const h of headings) if (h.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) found = h.id;
  return found;
}

/** Follows the learner's text selection in the step body (not in this panel) and finds it in the source. */
function useSelectedPassage(text: StepText): { passage: Passage | null; unplaced: boolean; clear: () => void } {
  const [state, setState] = useState<{ passage: Passage | null; unplaced: boolean }>({ passage: null, unplaced: false });
  useEffect(() => {
    const onChange = () => {
      const selection = document.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
      const node = selection.getRangeAt(0).startContainer;
      const element = node instanceof Element ? node : node.parentElement;
      const article = element?.closest('article.step');
      if (!element || !article || element.closest('.step-notes')) return;
      const passage = locatePassage(text.markdown, text.sections, selection.toString(), sectionOf(node, article));
      setState({ passage, unplaced: passage === null });
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [text.markdown, text.sections]);
  return { ...state, clear: () => setState({ passage: null, unplaced: false }) };
}

export function StepNotes({ courseId, stepId, text }: { courseId: string; stepId: string; text: StepText }) {
  const me = useMe();
  const selected = useSelectedPassage(text);
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
      const highlight = selected.passage ?? undefined;
      await call(api.POST('/api/v1/me/notes', { body: { courseId, stepId, markdown: draft, ...(highlight && { highlight }) } }));
      setDraft('');
      selected.clear();
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
      {selected.passage ? (
        <div className="passage" aria-live="polite">
          <p className="meta">Your note will highlight this passage:</p>
          <blockquote>{selected.passage.quote}</blockquote>
          <Button className="button secondary" onPress={selected.clear} isDisabled={busy}>
            Don't highlight it
          </Button>
        </div>
      ) : (
        <p className="hint" aria-live="polite">
          {selected.unplaced
            ? 'That selection cannot be highlighted: select plain text within one section (not across bold, code or headings).'
            : 'Select a passage in the step to highlight it with your next note.'}
        </p>
      )}
      <label className="field">
        <span>New note (Markdown)</span>
        <textarea value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={MAX_NOTE} rows={4} />
      </label>
      <Button className="button" onPress={() => void save()} isDisabled={busy || draft.trim() === ''}>
        Save note
      </Button>
      {error !== null && <ErrorNotice error={error} courseId={courseId} />}
      <p>
        <Link to={`/notes?course=${courseId}`}>All your notes and bookmarks</Link>
      </p>
    </section>
  );
}

/** The learner's achievements in a course: earned ones with their date, and the next ones with what remains. */
export function Achievements({ courseId }: { courseId: string }) {
  const me = useMe();
  const achievements = useQuery({
    queryKey: ['me', 'achievements', courseId],
    queryFn: () => call(api.GET('/api/v1/me/courses/{courseId}/achievements', { params: { path: { courseId } } })),
    enabled: !!me.data,
  });
  if (!achievements.data) return null;
  const a = achievements.data;
  const earned = a.achievements.filter((x) => x.earned);
  const next = a.next.map((id) => a.achievements.find((x) => x.id === id)).filter((x): x is NonNullable<typeof x> => x !== undefined && !x.earned);
  return (
    <section className="panel achievements" aria-labelledby="achievements-heading">
      <h2 id="achievements-heading">
        Achievements <span className="meta">({a.earned} of {a.total} earned)</span>
      </h2>
      {earned.length === 0 && <p className="hint">None yet: complete a step to earn the first.</p>}
      {earned.length > 0 && (
        <ul className="achievement-list">
          {earned.map((x) => (
            <li key={x.id}>
              <strong>{x.title}</strong>
              <span className="badge badge-done">Earned {x.awardedOn ? formatDate(x.awardedOn) : ''}</span>
              <span className="meta">{x.description}</span>
            </li>
          ))}
        </ul>
      )}
      {next.length > 0 && (
        <>
          <h3>Next up</h3>
          <ul className="achievement-list">
            {next.map((x) => (
              <li key={x.id}>
                <strong>{x.title}</strong>
                <span className="meta">{x.description}</span>
                <progress value={x.progress.current} max={x.progress.target} aria-label={`${x.title}: ${x.progress.current} of ${x.progress.target}`} />
                <span className="meta">
                  {x.progress.current} of {x.progress.target} · {x.progress.target - x.progress.current} to go
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
