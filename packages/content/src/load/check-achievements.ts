import { BUILT_IN_ACHIEVEMENTS } from '@cc/core';
import type { CourseIndex } from './course-index.ts';
import { reportAt } from './course-index.ts';
import type { ProblemCollector } from './problems.ts';
import type { AchievementsInfo } from './read-files.ts';

const BUILT_IN_IDS = new Set(BUILT_IN_ACHIEVEMENTS.map((a) => a.id));

/** Course achievements: unique ids that do not shadow a built-in, and criteria naming things that exist. */
export function checkAchievements(index: CourseIndex, achievements: AchievementsInfo, problems: ProblemCollector): void {
  const { path, source } = achievements;
  const taught = new Set(index.steps.flatMap((step) => step.fields.concepts ?? []));
  const ids = new Set<string>();
  for (const { index: item, value } of achievements.items) {
    const at = (rest: PropertyKey[]) => ['achievements', item, ...rest];
    if (value.id !== undefined) {
      if (BUILT_IN_IDS.has(value.id)) reportAt(problems, 'error', path, source, at(['id']), `"${value.id}" is a built-in achievement; choose another id`);
      else if (ids.has(value.id)) reportAt(problems, 'error', path, source, at(['id']), `duplicate achievement id "${value.id}"`);
      ids.add(value.id);
    }
    // Salvaged (schema-invalid) items may hold a partial criterion: check only what is well-formed.
    const criterion = value.criterion;
    if (criterion === undefined || typeof criterion !== 'object') continue;
    switch (criterion.type) {
      case 'complete-steps':
        (Array.isArray(criterion.steps) ? criterion.steps : []).forEach((step, position) => {
          if (typeof step === 'string' && !index.knownStepIds.has(step)) reportAt(problems, 'error', path, source, at(['criterion', 'steps', position]), `no step "${step}"`);
        });
        break;
      case 'pass-quiz':
        if (typeof criterion.quiz === 'string' && !index.quizzes.has(criterion.quiz)) reportAt(problems, 'error', path, source, at(['criterion', 'quiz']), `no quiz "${criterion.quiz}"`);
        break;
      case 'complete-chapter':
        if (typeof criterion.chapter === 'string' && !index.chapterById.has(criterion.chapter)) reportAt(problems, 'error', path, source, at(['criterion', 'chapter']), `no chapter "${criterion.chapter}"`);
        break;
      case 'master-concept':
        if (typeof criterion.concept === 'string' && !taught.has(criterion.concept)) {
          reportAt(problems, 'error', path, source, at(['criterion', 'concept']), `concept "${criterion.concept}" is not taught by any step (no step lists it in concepts)`);
        }
        break;
    }
  }
}
