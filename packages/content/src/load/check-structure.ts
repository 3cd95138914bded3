import type { CourseIndex } from './course-index.ts';
import { reportAt } from './course-index.ts';
import type { ProblemCollector } from './problems.ts';
import type { StepInfo } from './read-files.ts';

/** Manifest <-> files: ids, listing, file names, checkpoints, quiz references. */
export function checkStructure(index: CourseIndex, problems: ProblemCollector, expectedCourseId: string | undefined): void {
  const { manifest } = index;
  const source = manifest.source;
  const manifestAt = (path: PropertyKey[], message: string) => reportAt(problems, 'error', 'course.yaml', source, path, message);

  if (expectedCourseId !== undefined && manifest.fields.id !== undefined && manifest.fields.id !== expectedCourseId) {
    manifestAt(['id'], `must equal the bundle folder name "${expectedCourseId}"`);
  }

  const seenChapters = new Set<string>();
  const seenSteps = new Map<string, string>();
  for (const chapter of manifest.chapters) {
    const chapterId = chapter.fields.id;
    if (chapterId !== undefined) {
      if (seenChapters.has(chapterId)) manifestAt(['chapters', chapter.index, 'id'], `duplicate chapter id "${chapterId}"`);
      seenChapters.add(chapterId);
    }
    for (const { index: position, value: stepId } of chapter.steps ?? []) {
      const path = ['chapters', chapter.index, 'steps', position];
      const earlier = seenSteps.get(stepId);
      if (earlier !== undefined) {
        manifestAt(path, `step "${stepId}" is already listed${earlier === chapterId ? '' : ` in chapter "${earlier}"`}`);
        continue;
      }
      seenSteps.set(stepId, chapterId ?? '');
      if (chapterId === undefined) continue;
      const expected = `chapters/${chapterId}/${stepId}.md`;
      if (!index.stepsByPath.has(expected)) {
        const elsewhere = index.steps.find((step) => step.file.fileId === stepId);
        manifestAt(path, `no file ${expected}${elsewhere ? ` (found ${elsewhere.file.path})` : ''}`);
      }
    }
  }

  for (const step of index.steps) checkStepFile(index, step, problems);
  checkCheckpoints(index, problems);
  checkQuizReferences(index, problems);
}

function checkStepFile(index: CourseIndex, step: StepInfo, problems: ProblemCollector): void {
  const { chapterDir, fileId, path } = step.file;
  const chapter = index.chapterById.get(chapterDir);
  if (chapter === undefined) {
    if (index.manifest.chaptersComplete) {
      problems.error(path, undefined, undefined, `chapters/${chapterDir}/ is not a chapter in course.yaml`);
    }
  } else if (chapter.steps !== undefined && !chapter.steps.some((listed) => listed.value === fileId)) {
    const listed = index.listed.get(fileId);
    const where = listed ? `; course.yaml lists it in chapter "${listed.chapter.fields.id ?? '?'}"` : '';
    problems.error(path, undefined, undefined, `not listed in course.yaml under chapter "${chapterDir}"${where}`);
  }
  if (step.fields.id !== undefined && step.fields.id !== fileId) {
    reportAt(problems, 'error', path, step.source, ['id'], `must equal the file name "${fileId}"`);
  }
}

function checkCheckpoints(index: CourseIndex, problems: ProblemCollector): void {
  const source = index.manifest.source;
  for (const chapter of index.manifest.chapters) {
    const chapterId = chapter.fields.id;
    if (chapterId === undefined || chapter.steps === undefined) continue;
    const steps = chapter.steps.map((listed) => ({ listed, file: index.stepsByPath.get(`chapters/${chapterId}/${listed.value}.md`) }));
    const checkpoints = steps.filter((step) => step.file?.fields.kind === 'checkpoint');
    const allKnown = steps.every((step) => step.file?.fields.kind !== undefined);
    if (checkpoints.length === 0 && allKnown) {
      reportAt(problems, 'error', 'course.yaml', source, ['chapters', chapter.index, 'steps'],
        `chapter "${chapterId}" has no checkpoint step: its last step must have kind: checkpoint`);
    }
    const [first, ...extra] = checkpoints;
    for (const step of extra) {
      if (step.file === undefined) continue;
      reportAt(problems, 'error', step.file.file.path, step.file.source, ['kind'],
        `chapter "${chapterId}" already has checkpoint step "${first?.listed.value ?? ''}": a chapter has exactly one`);
    }
    const last = chapter.steps[chapter.steps.length - 1];
    if (first !== undefined && extra.length === 0 && last !== undefined && first.listed !== last) {
      reportAt(problems, 'error', 'course.yaml', source, ['chapters', chapter.index, 'steps', first.listed.index],
        `checkpoint step "${first.listed.value}" must be the last step of chapter "${chapterId}"`);
    }
  }
}

function checkQuizReferences(index: CourseIndex, problems: ProblemCollector): void {
  const used = new Set<string>();
  for (const step of index.steps) {
    const { kind, quiz } = step.fields;
    const path = step.file.path;
    if (quiz !== undefined) used.add(quiz);
    if (kind === 'checkpoint' && quiz === undefined && step.source?.ok === true && !('quiz' in asRecord(step.source.value))) {
      reportAt(problems, 'error', path, step.source, ['quiz'], 'a checkpoint step needs its checkpoint quiz: add quiz: <quiz-id>');
    }
    if (quiz === undefined) continue;
    const target = index.quizzes.get(quiz);
    if (target === undefined) {
      reportAt(problems, 'error', path, step.source, ['quiz'], `no quiz file quizzes/${quiz}.yaml`);
      continue;
    }
    const quizKind = target.fields.kind;
    if (kind === 'checkpoint' && quizKind === 'quick-check') {
      reportAt(problems, 'error', path, step.source, ['quiz'], `quiz "${quiz}" is a quick-check: a checkpoint step needs a quiz with kind: checkpoint`);
    } else if (kind !== undefined && kind !== 'checkpoint' && quizKind === 'checkpoint') {
      reportAt(problems, 'error', path, step.source, ['quiz'],
        `quiz "${quiz}" is a checkpoint quiz: only a checkpoint step can carry it (use kind: quick-check for a ${kind})`);
    }
  }
  for (const quiz of index.quizzes.values()) {
    if (quiz.fields.id !== undefined && quiz.fields.id !== quiz.file.fileId) {
      reportAt(problems, 'error', quiz.file.path, quiz.source, ['id'], `must equal the file name "${quiz.file.fileId}"`);
    }
    if (!used.has(quiz.file.fileId)) {
      problems.warn(quiz.file.path, 1, undefined, `quiz "${quiz.file.fileId}" is not used by any step`);
    }
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
