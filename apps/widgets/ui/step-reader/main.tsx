// Step reader: renders an open_step (or next/previous/resume) result: the step's text verbatim, the
// audience blocks this learner's path shows (others folded), and moves to the neighbours
// through the host's tools/call.
import { useState } from 'react';
import type { PersonalisedStepView } from '@cc/core';
import { Markdown } from '../shared/markdown.tsx';
import { mount } from '../shared/mount.tsx';
import { Shell, useWidget, type Widget } from '../shared/widget.tsx';

const KIND: Record<PersonalisedStepView['step']['kind'], string> = {
  lesson: 'Lesson',
  exercise: 'Exercise',
  checkpoint: 'Checkpoint',
  reading: 'Reading',
};

function StepReader() {
  const widget = useWidget<PersonalisedStepView>('step-reader');
  // A step opened from inside the widget replaces the delivered one until the host delivers another.
  const [opened, setOpened] = useState<{ from: PersonalisedStepView; view: PersonalisedStepView } | null>(null);
  return (
    <Shell widget={widget} label="Course step">
      {(data) => (
        <Step view={opened?.from === data ? opened.view : data} widget={widget} onOpen={(view) => setOpened({ from: data, view })} />
      )}
    </Shell>
  );
}

function Step({ view, widget, onOpen }: { view: PersonalisedStepView; widget: Widget<PersonalisedStepView>; onOpen: (v: PersonalisedStepView) => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { step, chapter } = view;
  // Most steps open with their own "# Title": then that is the page's heading, not a second one.
  const ownHeading = /^#\s/.test(view.markdown.trimStart());

  async function go(stepId: string) {
    setBusy(true);
    setProblem(null);
    try {
      onOpen((await widget.callTool('open_step', { courseId: view.courseId, stepId })) as PersonalisedStepView);
      window.scrollTo(0, 0);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <article aria-labelledby="step-title">
      <p className="muted small">
        {chapter.title} · step {step.position}
      </p>
      {ownHeading ? <p id="step-title" className="sr-only">{step.title}</p> : <h1 id="step-title">{step.title}</h1>}
      <p className="row">
        <span className="chip">{KIND[step.kind]}</span>
        <span className="chip">{step.minutes} min</span>
        {step.level !== 'core' && <span className="chip">{step.level === 'optional' ? 'Optional' : 'Deep dive'}</span>}
        {view.completed && <span className="chip ok">✓ Completed</span>}
      </p>
      {/* The body in order: shared text, then the audience blocks this learner's path shows as notes
          and the others folded (the verbatim `markdown` also carries the ::: block markers). */}
      {view.blocks.length === 0 && <Markdown text={view.markdown} app={widget.app} />}
      {view.blocks.map((b, i) =>
        b.audience === 'all' ? (
          <Markdown key={i} text={b.markdown} app={widget.app} />
        ) : b.shown ? (
          <aside key={i} className="card notice-info" aria-label={b.title ?? 'A note for you'}>
            {b.title && <h2>{b.title}</h2>}
            <Markdown text={b.markdown} app={widget.app} />
          </aside>
        ) : (
          <details key={i} className="card">
            <summary>{b.title ?? (b.audience === 'advanced' ? 'Going further' : 'A gentler explanation')}</summary>
            <Markdown text={b.markdown} app={widget.app} />
          </details>
        ),
      )}
      {step.quizId && (
        <p className="notice notice-info">
          This step has a quiz: ask to take <code>{step.quizId}</code>.
        </p>
      )}
      {problem && (
        <p role="alert" className="notice notice-error">
          {problem}
        </p>
      )}
      <nav className="row spread" aria-label="Steps">
        {view.previous ? (
          <button type="button" disabled={busy} onClick={() => void go(view.previous!.id)}>
            ← {view.previous.title}
          </button>
        ) : (
          <span />
        )}
        {view.next && (
          <button type="button" className="primary" disabled={busy} onClick={() => void go(view.next!.id)}>
            {view.next.title} →
          </button>
        )}
      </nav>
    </article>
  );
}

mount(<StepReader />);
