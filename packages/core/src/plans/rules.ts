// Pure rules of plans: input truncation, derived status, and the validation and normalisation of
// a generator's answer.
import type { Issue } from '../errors.ts';
import {
  GeneratedPlan,
  MAX_PLAN_ATTEMPTS,
  MAX_NOTES_LENGTH,
  MAX_TOPIC_LENGTH,
  MODULE_EFFORT,
  TASK_EFFORT,
  type PlanAttemptRecord,
  type PlanModuleRecord,
  type PlanStatus,
} from './model.ts';

/** Cuts `text` to at most `max` characters (code points, so a surrogate pair is never split). */
export function truncate(text: string, max: number): { text: string; length: number; truncated: boolean } {
  const chars = Array.from(text);
  return chars.length <= max
    ? { text, length: chars.length, truncated: false }
    : { text: chars.slice(0, max).join(''), length: chars.length, truncated: true };
}

export function planInput(topic: string, notes: string | undefined) {
  const t = truncate(topic.trim(), MAX_TOPIC_LENGTH);
  const n = truncate((notes ?? '').trim(), MAX_NOTES_LENGTH);
  return {
    topic: t.text,
    notes: n.text,
    topicLength: t.length,
    notesLength: n.length,
    topicTruncated: t.truncated,
    notesTruncated: n.truncated,
  };
}

/** Attempts that called (or were meant to call) the provider; capped requests do not count. */
export const providerAttempts = (attempts: readonly PlanAttemptRecord[]) => attempts.filter((a) => a.classification !== 'capped');

/** ready once any attempt succeeded; pending while one is queued or running; failed otherwise. */
export function planStatus(attempts: readonly PlanAttemptRecord[]): PlanStatus {
  if (attempts.some((a) => a.status === 'succeeded')) return 'ready';
  if (attempts.length === 0 || attempts.some((a) => a.status === 'queued' || a.status === 'running')) return 'pending';
  return 'failed';
}

export const canRetry = (attempts: readonly PlanAttemptRecord[]) =>
  planStatus(attempts) === 'failed' && providerAttempts(attempts).length < MAX_PLAN_ATTEMPTS;

export type NormalisedPlan =
  | { ok: true; modules: PlanModuleRecord[]; flags: string[]; moduleCount: number; taskCount: number }
  | { ok: false; issues: Issue[] };

const MAX_TITLE = 200;
const MAX_SUMMARY = 1000;
const MAX_MODULES = 20;
const MAX_TASKS = 30;

/**
 * Validates a generator's answer against the course and normalises it. Refused (validation
 * failure): not the schema, zero modules or tasks, non-numeric, non-finite or non-positive effort,
 * duplicate orders, a step that is not in the course, too many modules or tasks. Normalised and
 * flagged: orders with gaps renumbered 1..N, efforts clamped to the module/task ranges and rounded,
 * over-long texts cut.
 */
export function normalisePlan(answer: unknown, courseStepIds: ReadonlySet<string>): NormalisedPlan {
  const parsed = GeneratedPlan.safeParse(answer);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })) };
  }
  const issues: Issue[] = [];
  const flags = new Set<string>();
  const { modules } = parsed.data;
  if (modules.length === 0) issues.push({ path: 'modules', message: 'a plan needs at least one module' });
  if (modules.length > MAX_MODULES) issues.push({ path: 'modules', message: `at most ${MAX_MODULES} modules` });

  const effort = (path: string, value: number, range: { min: number; max: number }, flag: string): number => {
    if (!Number.isFinite(value) || value <= 0) {
      issues.push({ path, message: 'effort must be a positive number of minutes' });
      return value;
    }
    const clamped = Math.min(range.max, Math.max(range.min, Math.round(value)));
    if (clamped !== value) flags.add(flag);
    return clamped;
  };
  const text = (value: string, max: number, flag: string) => {
    const t = value.trim();
    if (Array.from(t).length <= max) return t;
    flags.add(flag);
    return Array.from(t).slice(0, max).join('');
  };
  const ordered = <T extends { order: number }>(path: string, items: T[], flag: string): T[] => {
    const seen = new Set<number>();
    items.forEach((item, i) => {
      if (!Number.isInteger(item.order) || item.order < 1) issues.push({ path: `${path}.${i}.order`, message: 'order must be a positive integer' });
      else if (seen.has(item.order)) issues.push({ path: `${path}.${i}.order`, message: `duplicate order ${item.order}` });
      seen.add(item.order);
    });
    const sorted = [...items].sort((a, b) => a.order - b.order);
    if (sorted.some((item, i) => item.order !== i + 1)) flags.add(flag);
    return sorted;
  };

  const out: PlanModuleRecord[] = ordered('modules', modules, 'modules_renumbered').map((m, mi) => {
    const path = `modules.${modules.indexOf(m)}`;
    if (m.tasks.length === 0) issues.push({ path: `${path}.tasks`, message: 'a module needs at least one task' });
    if (m.tasks.length > MAX_TASKS) issues.push({ path: `${path}.tasks`, message: `at most ${MAX_TASKS} tasks per module` });
    const tasks = ordered(`${path}.tasks`, m.tasks, 'tasks_renumbered').map((t, ti) => {
      const tpath = `${path}.tasks.${m.tasks.indexOf(t)}`;
      if (t.stepId !== null && !courseStepIds.has(t.stepId)) issues.push({ path: `${tpath}.stepId`, message: `'${t.stepId}' is not a step of this course` });
      return {
        order: ti + 1,
        title: text(t.title, MAX_TITLE, 'text_truncated'),
        stepId: t.stepId,
        effortMinutes: effort(`${tpath}.effortMinutes`, t.effortMinutes, TASK_EFFORT, 'task_effort_clamped'),
      };
    });
    return {
      order: mi + 1,
      title: text(m.title, MAX_TITLE, 'text_truncated'),
      summary: text(m.summary, MAX_SUMMARY, 'text_truncated'),
      effortMinutes: effort(`${path}.effortMinutes`, m.effortMinutes, MODULE_EFFORT, 'module_effort_clamped'),
      tasks,
    };
  });
  for (const [i, m] of out.entries()) if (m.title === '') issues.push({ path: `modules.${i}.title`, message: 'a module needs a title' });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, modules: out, flags: [...flags].sort(), moduleCount: out.length, taskCount: out.reduce((n, m) => n + m.tasks.length, 0) };
}
