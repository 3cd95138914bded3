import { describe, expect, it } from 'vitest';
import { errorsOf, lineOf, miniCourseFiles, withFile } from '../test-support/fixtures.ts';
import { parseBundle } from './parse-bundle.ts';

const good = await miniCourseFiles();

describe('achievements.yaml', () => {
  it('loads the course achievements with their criteria', () => {
    const result = parseBundle(good, { courseId: 'mini-course' });
    expect(result.course?.achievements).toEqual([
      { id: 'warmed-up', title: 'Warmed up', description: 'Complete the welcome step and the first exercise', criterion: { type: 'complete-steps', stepIds: ['welcome', 'first-exercise'] } },
      { id: 'basics-passed', title: 'Basics passed', description: 'Pass the basics checkpoint', criterion: { type: 'pass-quiz', quizId: 'basics-checkpoint' } },
    ]);
  });

  it('is optional: a course without one loads with no course achievements and no warning about it', () => {
    const result = parseBundle(withFile(good, 'achievements.yaml', undefined), { courseId: 'mini-course' });
    expect(result.course?.achievements).toEqual([]);
    expect(result.problems.filter((p) => p.file === 'achievements.yaml')).toEqual([]);
  });

  it('reports unknown steps, quizzes, chapters and concepts, duplicate and built-in ids, and bad criteria, each at its line and field', () => {
    const yaml = [
      'achievements:',
      '  - id: all-steps',
      '    title: All',
      '    description: Steps',
      '    criterion: { type: complete-steps, steps: [welcome, no-such-step] }',
      '  - id: quiz-one',
      '    title: Quiz',
      '    description: Quiz',
      '    criterion: { type: pass-quiz, quiz: no-such-quiz }',
      '  - id: chapter-one',
      '    title: Chapter',
      '    description: Chapter',
      '    criterion: { type: complete-chapter, chapter: no-such-chapter }',
      '  - id: concept-one',
      '    title: Concept',
      '    description: Concept',
      '    criterion: { type: master-concept, concept: no-such-concept }',
      '  - id: first-step',
      '    title: Shadow',
      '    description: Shadows a built-in',
      '    criterion: { type: pass-quiz, quiz: welcome-check }',
      '  - id: quiz-one',
      '    title: Again',
      '    description: Duplicate',
      '    criterion: { type: master-concept, concept: tokens }',
      '',
    ].join('\n');
    const result = parseBundle(withFile(good, 'achievements.yaml', yaml), { courseId: 'mini-course' });
    expect(result.course).toBeUndefined();
    const line = (needle: string) => lineOf(yaml, needle);
    const error = (needle: string, field: string, message: string) => ({ severity: 'error', file: 'achievements.yaml', line: line(needle), field, message });
    expect(errorsOf(result.problems)).toEqual([
      error('no-such-step', 'achievements[0].criterion.steps[1]', 'no step "no-such-step"'),
      error('no-such-quiz', 'achievements[1].criterion.quiz', 'no quiz "no-such-quiz"'),
      error('no-such-chapter', 'achievements[2].criterion.chapter', 'no chapter "no-such-chapter"'),
      error('no-such-concept', 'achievements[3].criterion.concept', 'concept "no-such-concept" is not taught by any step (no step lists it in concepts)'),
      error('id: first-step', 'achievements[4].id', '"first-step" is a built-in achievement; choose another id'),
      { ...error('title: Again', 'achievements[5].id', 'duplicate achievement id "quiz-one"'), line: line('title: Again') - 1 },
    ]);
  });

  it('refuses a criterion outside the closed set', () => {
    const yaml = 'achievements:\n  - id: odd\n    title: Odd\n    description: Odd\n    criterion:\n      type: read-everything\n';
    const result = parseBundle(withFile(good, 'achievements.yaml', yaml), { courseId: 'mini-course' });
    const errors = errorsOf(result.problems);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'achievements.yaml', field: 'achievements[0].criterion.type' });
    expect(result.course).toBeUndefined();
  });
});
