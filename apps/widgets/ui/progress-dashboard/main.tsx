// Progress dashboard: renders a get_progress, get_streak or get_mastery result (whichever the host
// delivered, told apart by shape), then, when the host lets it call tools, fills in the other two
// for the same course so the learner sees chapter completion, streak and mastery together.
import { useEffect, useRef, useState } from 'react';
import type { CourseProgressView, MasteryView, StreakView } from '@cc/core';
import { mount } from '../shared/mount.tsx';
import { Meter, percent, Shell, useWidget, type Widget } from '../shared/widget.tsx';

type Delivered = CourseProgressView | StreakView | MasteryView;
interface Parts {
  progress?: CourseProgressView;
  streak?: StreakView;
  mastery?: MasteryView;
}

const isProgress = (d: Delivered): d is CourseProgressView => 'completion' in d && 'chapters' in d;
const isStreak = (d: Delivered): d is StreakView => 'longest' in d && 'current' in d;
const isMastery = (d: Delivered): d is MasteryView => 'concepts' in d && 'gaps' in d;

function partsOf(d: Delivered): Parts {
  return isProgress(d) ? { progress: d } : isStreak(d) ? { streak: d } : isMastery(d) ? { mastery: d } : {};
}

function ProgressDashboard() {
  const widget = useWidget<Delivered>('progress-dashboard');
  return <Shell widget={widget} label="Your progress">{(data) => <Dashboard key={JSON.stringify(data).length} delivered={data} widget={widget} />}</Shell>;
}

function Dashboard({ delivered, widget }: { delivered: Delivered; widget: Widget<Delivered> }) {
  const [parts, setParts] = useState<Parts>(() => partsOf(delivered));
  const courseId = parts.progress?.courseId ?? parts.mastery?.courseId;
  const canCall = widget.app?.getHostCapabilities()?.serverTools !== undefined;
  const filled = useRef<Delivered | null>(null);

  useEffect(() => {
    // Once per delivered result: re-renders must not call the tools again.
    if (filled.current === delivered) return;
    setParts(partsOf(delivered));
    if (!canCall) return;
    filled.current = delivered;
    const fill = async (tool: string, args: Record<string, unknown>, key: keyof Parts) => {
      try {
        const value = await widget.callTool(tool, args);
        setParts((p) => ({ ...p, [key]: value }));
      } catch {
        // The delivered part still shows; the others are extras.
      }
    };
    const p = partsOf(delivered);
    if (!p.streak) void fill('get_streak', {}, 'streak');
    if (courseId && !p.progress) void fill('get_progress', { courseId }, 'progress');
    if (courseId && !p.mastery) void fill('get_mastery', { courseId }, 'mastery');
  }, [delivered, canCall]);

  return (
    <div>
      <h1>Your progress</h1>
      <div className="tiles">
        {parts.progress && (
          <section className="card" aria-labelledby="course-h">
            <h2 id="course-h">Course</h2>
            <p className="big">{percent(parts.progress.completion)}</p>
            <Meter value={parts.progress.completion} label="Course completion" />
            {parts.progress.resume && <p className="small muted" style={{ marginTop: 8 }}>Resume at: {parts.progress.resume.title}</p>}
          </section>
        )}
        {parts.streak && <Streak s={parts.streak} />}
      </div>
      {parts.progress && <Chapters p={parts.progress} />}
      {parts.mastery && <Mastery m={parts.mastery} />}
    </div>
  );
}

function Streak({ s }: { s: StreakView }) {
  return (
    <section className="card" aria-labelledby="streak-h">
      <h2 id="streak-h">Streak</h2>
      <p className="big">
        {s.current} {s.current === 1 ? 'day' : 'days'}
      </p>
      <p className="small muted">
        Longest {s.longest} · {s.activeToday ? 'today counts' : 'nothing yet today'}
      </p>
    </section>
  );
}

const STATUS: Record<CourseProgressView['chapters'][number]['status'], string> = {
  completed: 'Completed',
  in_progress: 'In progress',
  not_started: 'Not started',
  locked: 'Locked',
  upgrade: 'Premium',
};

function Chapters({ p }: { p: CourseProgressView }) {
  return (
    <section aria-labelledby="chapters-h">
      <h2 id="chapters-h">Chapters</h2>
      <ul className="plain">
        {p.chapters.map((c) => (
          <li key={c.id} className="card">
            <div className="row spread">
              <strong>{c.title}</strong>
              <span className="chip">{STATUS[c.status]}</span>
            </div>
            <div className="row" style={{ marginTop: 6 }}>
              <div style={{ flex: 1 }}>
                <Meter value={c.completion} label={`${c.title} completion`} />
              </div>
              <span className="small">{percent(c.completion)}</span>
            </div>
            {c.checkpoint && c.checkpoint.attemptsUsed > 0 && (
              <p className="small muted" style={{ marginTop: 6, marginBottom: 0 }}>
                Checkpoint: {c.checkpoint.score === null ? '–' : percent(c.checkpoint.score)} {c.checkpoint.passed ? '(passed)' : '(not passed yet)'}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

const LEVEL: Record<MasteryView['concepts'][number]['level'], string> = {
  not_started: 'Not started',
  attempted: 'Attempted',
  familiar: 'Familiar',
  proficient: 'Proficient',
  mastered: 'Mastered',
};

function Mastery({ m }: { m: MasteryView }) {
  const started = m.concepts.filter((c) => c.level !== 'not_started');
  return (
    <section aria-labelledby="mastery-h">
      <h2 id="mastery-h">Mastery</h2>
      {started.length === 0 ? (
        <p className="muted">No quiz answers yet: mastery shows once you answer questions.</p>
      ) : (
        <ul className="plain">
          {started.map((c) => (
            <li key={c.concept} className="row spread card">
              <span>{c.concept}</span>
              <span className="chip">
                {LEVEL[c.level]} · {percent(c.accuracy * 100)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {m.gaps.length > 0 && (
        <>
          <h3>To work on</h3>
          <ul>
            {m.gaps.map((g) => (
              <li key={g.concept}>
                {g.concept} <span className="muted small">({LEVEL[g.level].toLowerCase()})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

mount(<ProgressDashboard />);
