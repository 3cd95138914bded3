// Achievements: renders a get_achievements result: the milestones earned, with the learner-local
// date each was earned, the next ones (the tool's `next`) with how far along they are, and the rest
// folded away. When the host lets it call tools it adds the current streak from get_streak. There
// is no streak calendar: no tool returns the learner's active days.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { AchievementsView, StreakView } from '@cc/core';
import { mount } from '../shared/mount.tsx';
import { Meter, Shell, useWidget, type Widget } from '../shared/widget.tsx';
import './achievements.css';

type Achievement = AchievementsView['achievements'][number];

function AchievementsWidget() {
  const widget = useWidget<AchievementsView>('achievements');
  return <Shell widget={widget} label="Your achievements">{(data) => <Achievements view={data} widget={widget} />}</Shell>;
}

/** A YYYY-MM-DD learner-local date in the host's locale; it is a calendar day, so no time zone shift. */
function formatDay(day: string, locale: string | undefined): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  } catch {
    return day;
  }
}

function Achievements({ view, widget }: { view: AchievementsView; widget: Widget<AchievementsView> }) {
  const [streak, setStreak] = useState<StreakView | null>(null);
  const canCall = widget.app?.getHostCapabilities()?.serverTools !== undefined;
  const fetched = useRef(false);
  useEffect(() => {
    if (!canCall || fetched.current) return;
    fetched.current = true;
    widget.callTool('get_streak', {}).then(
      (s) => setStreak(s as StreakView),
      () => undefined, // the achievements still show; the streak is an extra
    );
  }, [canCall]);

  const locale = widget.app?.getHostContext()?.locale ?? navigator.language;
  const byId = new Map(view.achievements.map((a) => [a.id, a]));
  const earned = view.achievements.filter((a) => a.earned).sort((a, b) => (b.awardedOn ?? '').localeCompare(a.awardedOn ?? ''));
  const next = view.next.map((id) => byId.get(id)).filter((a): a is Achievement => a !== undefined && !a.earned);
  const rest = view.achievements.filter((a) => !a.earned && !view.next.includes(a.id));

  return (
    <div>
      <h1>Achievements</h1>
      <div className="card">
        <p className="big">
          {view.earned} of {view.total} earned
        </p>
        <Meter value={view.earned} max={view.total} label="Achievements earned" valueText={`${view.earned} of ${view.total}`} />
        {streak && (
          <p className="small muted" style={{ marginTop: 8, marginBottom: 0 }}>
            Current streak {streak.current} {streak.current === 1 ? 'day' : 'days'} · longest {streak.longest} · {streak.activeToday ? 'today counts' : 'nothing yet today'}
          </p>
        )}
      </div>

      <section aria-labelledby="earned-h">
        <h2 id="earned-h">Earned</h2>
        {earned.length === 0 ? (
          <p className="muted">None yet: complete a step to earn the first one.</p>
        ) : (
          <ul className="plain">
            {earned.map((a) => (
              <AchievementCard key={a.id} a={a} earned>
                {a.awardedOn && (
                  <p className="small">
                    Earned <time dateTime={a.awardedOn}>{formatDay(a.awardedOn, locale)}</time>
                  </p>
                )}
              </AchievementCard>
            ))}
          </ul>
        )}
      </section>

      {next.length > 0 && (
        <section aria-labelledby="next-h">
          <h2 id="next-h">Next up</h2>
          <ul className="plain">
            {next.map((a) => (
              <AchievementCard key={a.id} a={a} earned={false}>
                <Remaining a={a} />
              </AchievementCard>
            ))}
          </ul>
        </section>
      )}

      {rest.length > 0 && (
        <details>
          <summary>Still to earn ({rest.length})</summary>
          <ul>
            {rest.map((a) => (
              <li key={a.id}>
                {a.title}: <span className="muted">{a.description}</span>
                {a.progress.target > 1 && (
                  <span className="small muted">
                    {' '}
                    ({a.progress.current} of {a.progress.target})
                  </span>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** One achievement as a card: a badge, its title and description, then what `children` add. */
function AchievementCard({ a, earned, children }: { a: Achievement; earned: boolean; children: ReactNode }) {
  return (
    <li className="card achievement">
      <span className={earned ? 'badge badge-earned' : 'badge'} aria-hidden="true">
        {earned ? '✓' : '○'}
      </span>
      <div>
        <strong>{a.title}</strong>
        <p className="small muted">{a.description}</p>
        {children}
      </div>
    </li>
  );
}

/** How far along an unearned achievement is: a bar when it counts something, a line when it is one event. */
function Remaining({ a }: { a: Achievement }) {
  const { current, target } = a.progress;
  if (target <= 1) return <p className="small">Not earned yet</p>;
  return (
    <>
      <Meter value={current} max={target} label={`${a.title} progress`} valueText={`${current} of ${target}`} />
      <p className="small" style={{ marginTop: 4 }}>
        {current} of {target} · {target - current} to go
      </p>
    </>
  );
}

mount(<AchievementsWidget />);
