import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BEGINNER, EXPERT, pathCourse, profile } from './fixture.test-helper.ts';
import { addDays, daysBetween } from './local-day.ts';
import { daysToFinish, type LearningPath, learnerLevel, LearningPathSchema, planPath, type StepRole } from './path.ts';

const course = pathCourse();
const TODAY = '2026-05-04';
const none = { completedStepIds: new Set<string>(), today: TODAY };
const withRole = (path: LearningPath, role: StepRole): string[] => path.steps.filter((s) => s.role === role).map((s) => s.stepId);

describe('learnerLevel', () => {
  it.each([
    [{ softwareExperience: 'none' }, 'beginner'],
    [{ softwareExperience: 'beginner', mathsBackground: 'advanced', depth: 'deep' }, 'beginner'],
    [{ softwareExperience: 'expert', mathsBackground: 'basic' }, 'beginner'],
    [{ softwareExperience: 'intermediate', mathsBackground: 'basic', depth: 'deep' }, 'beginner'],
    [{ softwareExperience: 'expert' }, 'advanced'],
    [{ softwareExperience: 'intermediate', mathsBackground: 'advanced' }, 'advanced'],
    [{ softwareExperience: 'intermediate', depth: 'deep' }, 'advanced'],
    [{ softwareExperience: 'intermediate', mathsBackground: 'intermediate' }, 'standard'],
    [{ softwareExperience: 'intermediate', depth: 'overview' }, 'standard'],
  ] as const)('%o is %s', (over, level) => {
    expect(learnerLevel(profile(over))).toBe(level);
  });
});

describe('planPath', () => {
  it('gives a beginner and an expert measurably different paths', () => {
    const beginner = planPath(course, BEGINNER, none);
    const expert = planPath(course, EXPERT, none);

    expect(beginner.level).toBe('beginner');
    expect(withRole(beginner, 'core')).toEqual(['what-is', 'foundations-check', 'first-app', 'building-check']);
    expect(withRole(beginner, 'optional')).toEqual(['maths-primer', 'tooling']);
    expect(withRole(beginner, 'skipped')).toEqual(['attention-maths', 'scaling']);
    expect(beginner.audiences).toEqual(['beginner']);
    expect(beginner).toMatchObject({ coreMinutes: 40, remainingCoreMinutes: 40, weeklyMinutes: 60 });
    // ceil(40 / 60 x 7) = ceil(4.67) = 5 days.
    expect(beginner.estimatedFinish).toBe('2026-05-09');

    expect(expert.level).toBe('advanced');
    expect(withRole(expert, 'core')).toEqual(course.steps.map((s) => s.id));
    expect(withRole(expert, 'skipped')).toEqual([]);
    expect(expert.audiences).toEqual(['advanced']);
    // 40 core + 40 optional promoted by the build goal + 70 deep-dive; ceil(150 / 300 x 7) = 4 days.
    expect(expert).toMatchObject({ coreMinutes: 150, remainingCoreMinutes: 150, weeklyMinutes: 300 });
    expect(expert.estimatedFinish).toBe('2026-05-08');

    expect(withRole(expert, 'core')).not.toEqual(withRole(beginner, 'core'));
    expect(expert.remainingCoreMinutes).not.toBe(beginner.remainingCoreMinutes);
    expect(expert.estimatedFinish).not.toBe(beginner.estimatedFinish);
  });

  it('shows both audiences and deep dives as optional for a standard learner', () => {
    const path = planPath(course, profile(), none);
    expect(path.level).toBe('standard');
    expect(path.audiences).toEqual(['beginner', 'advanced']);
    expect(withRole(path, 'core')).toEqual(['what-is', 'foundations-check', 'first-app', 'building-check']);
    expect(withRole(path, 'optional')).toEqual(['maths-primer', 'attention-maths', 'tooling', 'scaling']);
    expect(withRole(path, 'skipped')).toEqual([]);
  });

  it('promotes optional steps to core for an advanced learner only when a goal is build', () => {
    const understand = planPath(course, { ...EXPERT, goals: ['understand', 'research'] }, none);
    expect(withRole(understand, 'optional')).toEqual(['maths-primer', 'tooling']);
    expect(withRole(understand, 'core')).toContain('scaling');
    expect(understand.coreMinutes).toBe(110);
    const build = planPath(course, { ...EXPERT, goals: ['career', 'build'] }, none);
    expect(withRole(build, 'optional')).toEqual([]);
    expect(build.coreMinutes).toBe(150);
    // A standard learner with a build goal keeps them optional.
    expect(withRole(planPath(course, profile({ goals: ['build'] }), none), 'optional')).toContain('tooling');
  });

  it('skips optional steps at overview depth', () => {
    const standard = planPath(course, profile({ depth: 'overview' }), none);
    expect(withRole(standard, 'optional')).toEqual([]);
    expect(withRole(standard, 'skipped')).toEqual(['maths-primer', 'attention-maths', 'tooling', 'scaling']);
    const beginner = planPath(course, { ...BEGINNER, depth: 'overview' }, none);
    expect(withRole(beginner, 'skipped')).toEqual(['maths-primer', 'attention-maths', 'tooling', 'scaling']);
    // Steps promoted to core stay core: overview acts on the role the table gives.
    const expert = planPath(course, { ...EXPERT, depth: 'overview' }, none);
    expect(withRole(expert, 'core')).toEqual(course.steps.map((s) => s.id));
    const expertUnderstand = planPath(course, { ...EXPERT, goals: ['understand'], depth: 'overview' }, none);
    expect(withRole(expertUnderstand, 'skipped')).toEqual(['maths-primer', 'tooling']);
    expect(withRole(expertUnderstand, 'core')).toContain('attention-maths');
  });

  it('reduces remaining minutes (not total core minutes) by completed core steps only', () => {
    const completed = new Set(['what-is', 'maths-primer', 'foundations-check', 'unknown-step']);
    const path = planPath(course, BEGINNER, { completedStepIds: completed, today: TODAY });
    expect(path.steps.filter((s) => s.completed).map((s) => s.stepId)).toEqual(['what-is', 'maths-primer', 'foundations-check']);
    expect(path).toMatchObject({ coreMinutes: 40, remainingCoreMinutes: 25 });
    // ceil(25 / 60 x 7) = ceil(2.92) = 3.
    expect(path.estimatedFinish).toBe('2026-05-07');
  });

  it('finishes today when nothing core remains', () => {
    const all = new Set(['what-is', 'foundations-check', 'first-app', 'building-check']);
    const path = planPath(course, BEGINNER, { completedStepIds: all, today: TODAY });
    expect(path).toMatchObject({ remainingCoreMinutes: 0, estimatedFinish: TODAY });
  });

  it('lists every step in reading order with its chapter and minutes', () => {
    const path = planPath(course, BEGINNER, none);
    expect(path.steps[1]).toEqual({ stepId: 'maths-primer', chapterId: 'foundations', role: 'optional', minutes: 15, completed: false });
    expect(path.steps.map((s) => s.stepId)).toEqual(course.steps.map((s) => s.id));
    expect(path.courseId).toBe('llm-basics');
    expect(path.today).toBe(TODAY);
  });

  it('re-plans from the profile alone: the same inputs give the same path', () => {
    expect(planPath(course, EXPERT, none)).toEqual(planPath(course, EXPERT, none));
  });

  it('validates against LearningPathSchema', () => {
    for (const p of [BEGINNER, EXPERT, profile()]) {
      const path = planPath(course, p, none);
      expect(LearningPathSchema.parse(JSON.parse(JSON.stringify(path)))).toEqual(path);
    }
    expect(LearningPathSchema.safeParse({ ...planPath(course, BEGINNER, none), estimatedFinish: '2026-02-30' }).success).toBe(false);
  });
});

describe('estimated finish arithmetic', () => {
  it('is exactly a week per weekly budget at exact multiples', () => {
    expect(daysToFinish(120, 120)).toBe(7);
    expect(daysToFinish(240, 120)).toBe(14);
    expect(daysToFinish(3000, 3000)).toBe(7);
    expect(daysToFinish(30, 210)).toBe(1);
    // Dividing first gives 87 / 21 x 7 = 29.000000000000004, which would round up to 30.
    expect(daysToFinish(87, 21)).toBe(29);
    expect(daysToFinish(116, 28)).toBe(29);
  });

  it('rounds any part of a day up', () => {
    expect(daysToFinish(0, 60)).toBe(0);
    expect(daysToFinish(1, 3000)).toBe(1);
    expect(daysToFinish(121, 120)).toBe(8);
    expect(daysToFinish(100, 15)).toBe(47); // 46.67
  });

  it('adds calendar days to today in the path', () => {
    const course40 = pathCourse(); // 40 core minutes for a beginner
    const at = (weeklyMinutes: number, today: string): string =>
      planPath(course40, { ...BEGINNER, weeklyMinutes }, { completedStepIds: new Set(), today }).estimatedFinish;
    expect(at(40, '2026-12-28')).toBe('2027-01-04'); // exactly one week, across a year end
    expect(at(20, '2028-02-20')).toBe('2028-03-05'); // exactly two weeks, across a leap day
    expect(at(280, '2026-03-28')).toBe('2026-03-29'); // one day, across the Berlin DST change
    expect(at(15, '2026-05-04')).toBe(addDays('2026-05-04', 19)); // ceil(18.67)
  });

  it('matches ceil(minutes / weekly x 7) in exact arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 15, max: 3000 }), (minutes, weekly) => {
        const days = daysToFinish(minutes, weekly);
        // days is the least integer with days x weekly >= minutes x 7.
        expect(days * weekly).toBeGreaterThanOrEqual(minutes * 7);
        expect((days - 1) * weekly).toBeLessThan(minutes * 7);
        expect(daysBetween(TODAY, addDays(TODAY, days))).toBe(days);
      }),
    );
  });
});
