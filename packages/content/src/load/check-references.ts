import type { CourseIndex } from './course-index.ts';
import { reportAt } from './course-index.ts';
import type { ProblemCollector } from './problems.ts';
import type { CatalogueInfo, GlossaryInfo } from './read-files.ts';

export const LESSON_WORDS = { min: 300, max: 1200 } as const;

/** Glossary and catalogue links, concept coverage, and the authoring warnings on step bodies. */
export function checkReferences(index: CourseIndex, glossary: GlossaryInfo, catalogue: CatalogueInfo, problems: ProblemCollector): void {
  const stepExists = (id: string) => index.knownStepIds.has(id);

  const termIds = new Set<string>();
  for (const { index: item, value } of glossary.items) {
    if (value.id === undefined) continue;
    if (termIds.has(value.id)) reportAt(problems, 'error', glossary.path, glossary.source, ['terms', item, 'id'], `duplicate term id "${value.id}"`);
    termIds.add(value.id);
  }
  const termNames = new Map<string, string>();
  for (const { index: item, value } of glossary.items) {
    const at = (path: PropertyKey[]) => ['terms', item, ...path];
    (value.steps ?? []).forEach((step, position) => {
      if (!stepExists(step)) reportAt(problems, 'error', glossary.path, glossary.source, at(['steps', position]), `no step "${step}"`);
    });
    if (value.steps !== undefined && value.steps.length === 0) {
      reportAt(problems, 'warning', glossary.path, glossary.source, at(['steps']), `term "${value.id ?? ''}" is not linked to any step`);
    }
    (value.see_also ?? []).forEach((other, position) => {
      if (!termIds.has(other)) reportAt(problems, 'error', glossary.path, glossary.source, at(['see_also', position]), `no term "${other}"`);
      else if (other === value.id) reportAt(problems, 'error', glossary.path, glossary.source, at(['see_also', position]), 'a term cannot refer to itself');
    });
    for (const [name, path] of [[value.term, ['term']], ...(value.aliases ?? []).map((alias, position) => [alias, ['aliases', position]] as const)] as const) {
      if (name === undefined) continue;
      const key = name.trim().toLowerCase();
      const owner = termNames.get(key);
      if (owner !== undefined && owner !== value.id) {
        reportAt(problems, 'warning', glossary.path, glossary.source, at([...path]), `"${name}" is also a name of term "${owner}"`);
      } else termNames.set(key, value.id ?? '');
    }
  }

  const entryIds = new Set<string>();
  for (const { index: item, value } of catalogue.items) {
    const at = (path: PropertyKey[]) => ['entries', item, ...path];
    if (value.id !== undefined) {
      if (entryIds.has(value.id)) reportAt(problems, 'error', catalogue.path, catalogue.source, at(['id']), `duplicate entry id "${value.id}"`);
      entryIds.add(value.id);
    }
    (value.steps ?? []).forEach((step, position) => {
      if (!stepExists(step)) reportAt(problems, 'error', catalogue.path, catalogue.source, at(['steps', position]), `no step "${step}"`);
    });
    if (value.steps !== undefined && value.steps.length === 0) {
      reportAt(problems, 'warning', catalogue.path, catalogue.source, at(['steps']), `entry "${value.id ?? ''}" is not linked to any step`);
    }
  }

  const taught = new Set(index.steps.flatMap((step) => step.fields.concepts ?? []));
  for (const quiz of index.quizzes.values()) {
    for (const question of quiz.questions) {
      (question.fields.concepts ?? []).forEach((concept, position) => {
        if (!taught.has(concept)) {
          reportAt(problems, 'warning', quiz.file.path, quiz.source, ['questions', question.index, 'concepts', position],
            `concept "${concept}" is not taught by any step (no step lists it in concepts)`);
        }
      });
    }
  }

  for (const step of index.steps) {
    if (step.fields.kind !== 'lesson' || step.analysis === undefined) continue;
    const words = step.analysis.wordCount;
    if (words < LESSON_WORDS.min || words > LESSON_WORDS.max) {
      problems.warn(step.file.path, undefined, undefined,
        `lesson has ${words} words; aim for ${LESSON_WORDS.min}-${LESSON_WORDS.max.toLocaleString('en')}`);
    }
    const lastSection = step.analysis.sections.filter((section) => section.depth === 2).at(-1);
    if (lastSection?.heading.trim().toLowerCase() !== 'check yourself') {
      problems.warn(step.file.path, undefined, undefined, 'a lesson ends with a "## Check yourself" section');
    }
  }
}
