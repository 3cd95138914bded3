// The widgets the MCP door serves: which tools render each, and the built HTML (one self-contained
// file per widget, from `pnpm --filter @cc/widgets build`), read once per process with its hash.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WIDGET_NAMES = ['step-reader', 'quiz-card', 'progress-dashboard', 'achievements'] as const;
export type WidgetName = (typeof WIDGET_NAMES)[number];

export interface WidgetInfo {
  name: WidgetName;
  title: string;
  /** What the widget shows, for the host (ChatGPT's `openai/widgetDescription`). */
  description: string;
  /** The tools whose result it renders. */
  tools: readonly string[];
  /** The tools it calls itself, through the host (they must be callable from a widget). */
  calls: readonly string[];
}

export const WIDGETS: readonly WidgetInfo[] = [
  {
    name: 'step-reader',
    title: 'Step reader',
    description: 'Shows the course step verbatim (Markdown, the blocks for this learner) with buttons to the previous and next steps.',
    tools: ['open_step', 'next_step', 'previous_step', 'resume_course'],
    calls: ['open_step'],
  },
  {
    name: 'quiz-card',
    title: 'Quiz card',
    description: 'Shows the quiz questions for the learner to answer, reveals hints on request and shows the graded result after submitting.',
    tools: ['start_quiz'],
    calls: ['submit_quiz', 'reveal_hint'],
  },
  {
    name: 'progress-dashboard',
    title: 'Progress dashboard',
    description: "Shows the learner's course and chapter completion, streak and concept mastery.",
    tools: ['get_progress', 'get_streak', 'get_mastery'],
    calls: ['get_progress', 'get_streak', 'get_mastery'],
  },
  {
    name: 'achievements',
    title: 'Achievements',
    description: "Shows the learner's earned milestones with the date each was earned, the next ones with how far along they are, and the current streak.",
    tools: ['get_achievements'],
    calls: ['get_streak'],
  },
];

/** Where the build writes `<name>.html`. */
export const WIDGET_DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));

export interface BuiltWidget extends WidgetInfo {
  html: string;
  /** First 12 hex digits of the HTML's SHA-256: part of the resource URI, so a new build is a new URI. */
  hash: string;
  /** `ui://course-companion/<name>.<hash>.html` */
  uri: string;
}

export class WidgetsNotBuilt extends Error {
  constructor(readonly missing: string[]) {
    super(`widgets not built (missing ${missing.join(', ')}): run ./pnpmw --filter @cc/widgets build`);
  }
}

/** Reads every built widget; throws WidgetsNotBuilt when any is missing. */
export function loadBuiltWidgets(dir: string = WIDGET_DIST_DIR): BuiltWidget[] {
  const missing = WIDGETS.map((w) => `${dir}${w.name}.html`).filter((f) => !existsSync(f));
  if (missing.length) throw new WidgetsNotBuilt(missing);
  return WIDGETS.map((w) => {
    const html = readFileSync(`${dir}${w.name}.html`, 'utf8');
    const hash = createHash('sha256').update(html).digest('hex').slice(0, 12);
    return { ...w, html, hash, uri: `ui://course-companion/${w.name}.${hash}.html` };
  });
}
