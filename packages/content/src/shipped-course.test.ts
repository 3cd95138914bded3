// The sample course shipped in courses/: everything the product demonstrates needs real
// material here, so these are the course's acceptance criteria, asserted on the loaded bundle.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Course, QuestionType } from '@cc/core';
import { LESSON_WORDS } from './load/check-references.ts';
import { parseBundle, type ParseBundleResult } from './load/parse-bundle.ts';
import { QUESTION_TYPES } from './format/quiz.ts';
import { readBundleDir } from './store/fs-walk.ts';

const dir = path.resolve(import.meta.dirname, '../../../courses/genai-fundamentals');
let result: ParseBundleResult;
let course: Course;

beforeAll(async () => {
  result = parseBundle(await readBundleDir(dir), { courseId: 'genai-fundamentals' });
  if (!result.course) throw new Error(result.problems.map((p) => `${p.file}:${p.line ?? ''} ${p.message}`).join('\n'));
  course = result.course;
});

const questions = () => Object.values(course.quizzes).flatMap((q) => q.questions);
const lessons = () => course.steps.filter((s) => s.kind === 'lesson');

describe('the Generative AI Fundamentals course', () => {
  it('validates with no errors and no warnings (so no checkpoint question tests skipped or audience-only content)', () => {
    expect(result.problems).toEqual([]);
  });

  it('gives no guessing cue better than chance: ids, longest option, true/false key, number of right options', () => {
    for (const [cue, figure] of Object.entries(result.stats.cues)) {
      expect(figure.questions, cue).toBeGreaterThan(0);
      expect(figure.hits, cue).toBeLessThanOrEqual(figure.expected);
    }
  });

  it('has at least 8 chapters and 32 steps, each lesson 300 to 1,200 words with a check-yourself section', () => {
    expect(course.chapters.length).toBeGreaterThanOrEqual(8);
    expect(course.steps.length).toBeGreaterThanOrEqual(32);
    for (const s of lessons()) {
      expect(s.wordCount, s.id).toBeGreaterThanOrEqual(LESSON_WORDS.min);
      expect(s.wordCount, s.id).toBeLessThanOrEqual(LESSON_WORDS.max);
      expect(s.sections.map((x) => x.heading), s.id).toContain('Check yourself');
      expect(s.minutes, s.id).toBeGreaterThan(0);
    }
  });

  it('states learning objectives for every chapter and ends every chapter with a checkpoint of 6+ questions', () => {
    for (const ch of course.chapters) {
      expect(ch.objectives.length, ch.id).toBeGreaterThan(0);
      const last = course.steps.find((s) => s.id === ch.stepIds.at(-1));
      expect(last?.kind, ch.id).toBe('checkpoint');
      const quiz = course.quizzes[last!.quizId!];
      expect(quiz?.kind).toBe('checkpoint');
      expect(quiz!.questions.length, ch.id).toBeGreaterThanOrEqual(6);
    }
  });

  it('has 100+ questions using every question type, each explained and tagged with concepts', () => {
    const all = questions();
    expect(all.length).toBeGreaterThanOrEqual(100);
    const byType = new Map<QuestionType, number>();
    for (const q of all) byType.set(q.type, (byType.get(q.type) ?? 0) + 1);
    expect([...byType.keys()].sort()).toEqual([...QUESTION_TYPES].sort());
    for (const q of all) {
      expect(q.explanation, q.id).toBeTruthy();
      expect(q.concepts.length, q.id).toBeGreaterThan(0);
      if (q.type === 'single' || q.type === 'multiple') {
        for (const o of q.options) expect(o.feedback, `${q.id}/${o.id}`).toBeTruthy();
      }
    }
    expect(all.filter((q) => q.hints.length > 0).length).toBeGreaterThanOrEqual(all.length / 5);
    expect(all.some((q) => q.type === 'ordering' && q.parsons)).toBe(true);
  });

  it('gives every lesson a quick check', () => {
    for (const s of lessons()) expect(course.quizzes[s.quizId ?? '']?.kind, s.id).toBe('quick-check');
  });

  it('requires the previous checkpoint, passed at the stated pass score, for every chapter after the first', () => {
    expect(course.defaultPassScore).toBe(70);
    expect(course.chapters[0]!.prerequisites).toEqual([]);
    course.chapters.slice(1).forEach((ch, i) => {
      const previousCheckpoint = course.chapters[i]!.stepIds.at(-1);
      expect(ch.prerequisites, ch.id).toContainEqual(expect.objectContaining({ type: 'step', stepId: previousCheckpoint }));
    });
  });

  it('makes the first three chapters free and the rest premium', () => {
    expect(course.chapters.map((c) => c.access)).toEqual(course.chapters.map((_, i) => (i < 3 ? 'free' : 'premium')));
  });

  it('has beginner and advanced material so that a beginner and an expert see different paths', () => {
    const beginnerBlocks = course.steps.flatMap((s) => s.blocks).filter((b) => b.audience === 'beginner');
    const advancedBlocks = course.steps.flatMap((s) => s.blocks).filter((b) => b.audience === 'advanced');
    expect(beginnerBlocks.length).toBeGreaterThanOrEqual(lessons().length);
    expect(advancedBlocks.length).toBeGreaterThanOrEqual(lessons().length / 2);
    expect(course.steps.filter((s) => s.level === 'deep-dive').length).toBeGreaterThanOrEqual(2);
    expect(course.steps.filter((s) => s.level === 'optional').length).toBeGreaterThanOrEqual(1);
  });

  it('has a glossary of 60+ terms and a catalogue of 30+ errors and misconceptions, all linked to steps', () => {
    const stepIds = new Set(course.steps.map((s) => s.id));
    expect(course.glossary.length).toBeGreaterThanOrEqual(60);
    expect(course.catalogue.length).toBeGreaterThanOrEqual(30);
    expect(new Set(course.catalogue.map((e) => e.kind))).toEqual(new Set(['error', 'misconception']));
    for (const t of [...course.glossary, ...course.catalogue]) {
      expect(t.stepIds.length, t.id).toBeGreaterThan(0);
      for (const id of t.stepIds) expect(stepIds.has(id), `${t.id} -> ${id}`).toBe(true);
    }
  });
});
