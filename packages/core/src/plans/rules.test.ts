import { describe, expect, it } from 'vitest';
import type { PlanAttemptRecord } from './model.ts';
import { canRetry, normalisePlan, planInput, planStatus, truncate } from './rules.ts';

const steps = new Set(['intro', 'tokens', 'attention']);
const task = (order: number, extra: Record<string, unknown> = {}) => ({ order, title: `Task ${order}`, stepId: 'intro', effortMinutes: 30, ...extra });
const mod = (order: number, extra: Record<string, unknown> = {}) => ({ order, title: `Module ${order}`, summary: 's', effortMinutes: 60, tasks: [task(1), task(2)], ...extra });

const attempt = (status: PlanAttemptRecord['status'], classification: PlanAttemptRecord['classification'] = null): PlanAttemptRecord => ({
  id: 'a',
  planId: 'p',
  number: 1,
  status,
  classification,
  queuedAt: '',
  startedAt: null,
  finishedAt: null,
  moduleCount: null,
  taskCount: null,
  durationMs: null,
  promptHash: null,
  flags: [],
  model: null,
  inputTokens: null,
  outputTokens: null,
  costUsd: null,
});

describe('plan input', () => {
  it('truncates topic and notes and keeps the original lengths', () => {
    const input = planInput('t'.repeat(250), 'n'.repeat(2500));
    expect(input).toMatchObject({ topicLength: 250, notesLength: 2500, topicTruncated: true, notesTruncated: true });
    expect(input.topic).toHaveLength(200);
    expect(input.notes).toHaveLength(2000);
    expect(planInput('short', undefined)).toMatchObject({ topic: 'short', notes: '', topicTruncated: false, notesTruncated: false });
  });
  it('never splits a surrogate pair', () => {
    const cut = truncate('😀'.repeat(5), 3);
    expect(cut).toEqual({ text: '😀😀😀', length: 5, truncated: true });
  });
});

describe('derived status', () => {
  it('is pending, ready or failed from the attempts alone', () => {
    expect(planStatus([])).toBe('pending');
    expect(planStatus([attempt('queued')])).toBe('pending');
    expect(planStatus([attempt('failed', 'timeout'), attempt('running')])).toBe('pending');
    expect(planStatus([attempt('failed', 'timeout'), attempt('succeeded')])).toBe('ready');
    expect(planStatus([attempt('failed', 'validation')])).toBe('failed');
  });
  it('allows three provider attempts; capped requests do not count', () => {
    const failed = attempt('failed', 'provider_error');
    expect(canRetry([failed, failed])).toBe(true);
    expect(canRetry([failed, failed, failed])).toBe(false);
    expect(canRetry([failed, attempt('failed', 'capped')])).toBe(true);
  });
});

describe('normalisePlan', () => {
  it('accepts a valid plan as it is', () => {
    const result = normalisePlan({ modules: [mod(1), mod(2)] }, steps);
    expect(result).toMatchObject({ ok: true, flags: [], moduleCount: 2, taskCount: 4 });
  });
  it('orders modules and tasks 1..N, renumbering gaps (flagged)', () => {
    const result = normalisePlan({ modules: [mod(5, { tasks: [task(9), task(3)] }), mod(2)] }, steps);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.modules.map((m) => [m.order, m.title])).toEqual([[1, 'Module 2'], [2, 'Module 5']]);
    expect(result.modules[1]!.tasks.map((t) => [t.order, t.title])).toEqual([[1, 'Task 3'], [2, 'Task 9']]);
    expect(result.flags).toEqual(['modules_renumbered', 'tasks_renumbered']);
  });
  it('clamps efforts to 15-480 per module and 5-120 per task (flagged)', () => {
    const result = normalisePlan({ modules: [mod(1, { effortMinutes: 1000, tasks: [task(1, { effortMinutes: 1 }), task(2, { effortMinutes: 500 })] }), mod(2, { effortMinutes: 3 })] }, steps);
    if (!result.ok) throw new Error('refused');
    expect(result.modules.map((m) => m.effortMinutes)).toEqual([480, 15]);
    expect(result.modules[0]!.tasks.map((t) => t.effortMinutes)).toEqual([5, 120]);
    expect(result.flags).toEqual(['module_effort_clamped', 'task_effort_clamped']);
  });
  it.each([
    ['zero modules', { modules: [] }, 'modules'],
    ['a module without tasks', { modules: [mod(1, { tasks: [] })] }, 'modules.0.tasks'],
    ['duplicate module order', { modules: [mod(1), mod(1)] }, 'modules.1.order'],
    ['duplicate task order', { modules: [mod(1, { tasks: [task(1), task(1)] })] }, 'modules.0.tasks.1.order'],
    ['a non-integer order', { modules: [mod(1.5)] }, 'modules.0.order'],
    ['an unknown step', { modules: [mod(1, { tasks: [task(1, { stepId: 'nope' })] })] }, 'modules.0.tasks.0.stepId'],
    ['zero effort', { modules: [mod(1, { effortMinutes: 0 })] }, 'modules.0.effortMinutes'],
    ['negative task effort', { modules: [mod(1, { tasks: [task(1, { effortMinutes: -5 })] })] }, 'modules.0.tasks.0.effortMinutes'],
    ['non-numeric effort', { modules: [mod(1, { effortMinutes: '60' })] }, 'modules.0.effortMinutes'],
    ['a missing field', { modules: [{ order: 1, title: 'x', tasks: [] }] }, 'modules.0.summary'],
    ['an extra field', { modules: [mod(1, { extra: true })] }, 'modules.0'],
    ['not an object', 'plan', '(root)'],
  ])('refuses %s', (_name, answer, path) => {
    const result = normalisePlan(answer, steps);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(path);
  });
  it('allows tasks outside the course (stepId null)', () => {
    expect(normalisePlan({ modules: [mod(1, { tasks: [task(1, { stepId: null })] })] }, steps).ok).toBe(true);
  });
});
