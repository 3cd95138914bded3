import type { CourseIndex } from './course-index.ts';
import { reportAt } from './course-index.ts';
import type { ProblemCollector } from './problems.ts';
import type { PrerequisitesInfo } from './read-files.ts';
import type { YamlSource } from './yaml-source.ts';

/**
 * Prerequisites may only point backwards: a checkpoint step or a chapter that comes before the
 * chapter they gate. That rules out cycles by construction.
 */
export function checkPrerequisites(index: CourseIndex, problems: ProblemCollector): void {
  const order = new Map(index.manifest.chapters.flatMap((chapter) => (chapter.fields.id ? [[chapter.fields.id, chapter.index] as const] : [])));
  for (const chapter of index.manifest.chapters) {
    const chapterId = chapter.fields.id;
    if (chapterId === undefined) continue;
    checkList(index, problems, order, chapter.prerequisites, 'course.yaml', index.manifest.source, chapterId, `chapter "${chapterId}"`);
  }
  for (const step of index.steps) {
    const chapterId = index.listed.get(step.file.fileId)?.chapter.fields.id ?? step.file.chapterDir;
    if (!order.has(chapterId)) continue;
    checkList(index, problems, order, step.prerequisites, step.file.path, step.source, chapterId, `step "${step.file.fileId}"`);
  }
}

function checkList(
  index: CourseIndex,
  problems: ProblemCollector,
  order: ReadonlyMap<string, number>,
  list: PrerequisitesInfo,
  file: string,
  source: YamlSource | undefined,
  chapterId: string,
  owner: string,
): void {
  const position = order.get(chapterId) ?? 0;
  for (const { index: item, value } of list.items) {
    if ('step' in value) {
      const path = [...list.path, item, 'step'];
      const listed = index.listed.get(value.step);
      if (listed === undefined) {
        reportAt(problems, 'error', file, source, path, `no step "${value.step}" in course.yaml`);
        continue;
      }
      const targetChapter = listed.chapter.fields.id;
      if (targetChapter !== undefined && (order.get(targetChapter) ?? Infinity) >= position) {
        reportAt(problems, 'error', file, source, path,
          `"${value.step}" is in chapter "${targetChapter}": ${owner} may only require checkpoints of earlier chapters`);
        continue;
      }
      const kind = index.stepFile(value.step)?.fields.kind;
      if (kind !== undefined && kind !== 'checkpoint') {
        reportAt(problems, 'error', file, source, path, `"${value.step}" is a ${kind}, not a checkpoint step`);
      }
    } else {
      const path = [...list.path, item, 'chapter'];
      const target = order.get(value.chapter);
      if (target === undefined) {
        reportAt(problems, 'error', file, source, path, `no chapter "${value.chapter}" in course.yaml`);
      } else if (target >= position) {
        reportAt(problems, 'error', file, source, path, `${owner} may only require earlier chapters, and "${value.chapter}" is not one`);
      }
    }
  }
}
