import type { Course, QuestionType } from '@cc/core';
import { BundleFiles } from './bundle-files.ts';
import { buildCourse, type ValidStep } from './build-course.ts';
import { checkPrerequisites } from './check-prerequisites.ts';
import { checkQuestions } from './check-questions.ts';
import { checkAchievements } from './check-achievements.ts';
import { checkReferences } from './check-references.ts';
import { checkStructure } from './check-structure.ts';
import { CourseIndex } from './course-index.ts';
import { ProblemCollector, sortProblems, type Problem } from './problems.ts';
import { readAchievements, readCatalogue, readGlossary, readManifest, readQuiz, readStep, type QuizInfo, type StepInfo } from './read-files.ts';
import { bundleVersion, sha256Hex } from './version.ts';
import { lintCheckpointCoverage } from '../lint/checkpoint-coverage.ts';
import { lintKeyCues, type CueStats } from '../lint/key-cues.ts';
import { lintTextPatterns } from '../lint/text-patterns.ts';

export interface ParseBundleOptions {
  /** The version to stamp on the course (a release's); default: computed from the files. */
  version?: string;
  /** The id the bundle must have (its folder name, or the release's course id). */
  courseId?: string;
}

/** Counts of what could be read, also when the bundle has errors (for the CLI's summary). */
export interface BundleStats {
  chapters: number;
  steps: number;
  questions: number;
  questionsByType: Partial<Record<QuestionType, number>>;
  glossaryTerms: number;
  catalogueEntries: number;
  warnings: number;
  errors: number;
  /** Guessing cues of the quizzes that could be read, against chance (the author lint's figures). */
  cues: CueStats;
}

export interface ParseBundleResult {
  /** The course, when the bundle has no errors. */
  course?: Course;
  /** Every problem found, errors and warnings, ordered by file and line. */
  problems: Problem[];
  stats: BundleStats;
  version: string;
}

/**
 * Validates a bundle (`path -> bytes`, paths relative to the bundle folder) in one pass and builds
 * the Course when it has no errors. Reports every problem of every file, not just the first.
 */
export function parseBundle(files: ReadonlyMap<string, Uint8Array>, options: ParseBundleOptions = {}): ParseBundleResult {
  const problems = new ProblemCollector();
  const bundle = new BundleFiles(files, problems);

  const manifest = readManifest(bundle, problems);
  const steps = bundle.ofKind('step').map((file) => readStep(bundle, file, problems));
  const quizzes = bundle.ofKind('quiz').map((file) => readQuiz(bundle, file, problems));
  const glossary = readGlossary(bundle, problems);
  const catalogue = readCatalogue(bundle, problems);
  const achievements = readAchievements(bundle, problems);

  const index = new CourseIndex(manifest, steps, quizzes);
  checkStructure(index, problems, options.courseId);
  checkPrerequisites(index, problems);
  for (const quiz of quizzes) checkQuestions(quiz, problems);
  checkReferences(index, glossary, catalogue, problems);
  checkAchievements(index, achievements, problems);
  const cues = lintKeyCues(quizzes, problems);
  lintCheckpointCoverage(index, problems);
  lintTextPatterns(quizzes, problems);

  const version =
    options.version ?? bundleVersion([...files].map(([path, bytes]) => ({ path, sha256: sha256Hex(bytes) })));

  const sorted = sortProblems(problems.problems);
  const errors = sorted.filter((problem) => problem.severity === 'error').length;
  const questionsByType: Partial<Record<QuestionType, number>> = {};
  for (const quiz of quizzes) {
    for (const question of quiz.questions) questionsByType[question.type] = (questionsByType[question.type] ?? 0) + 1;
  }
  const stats: BundleStats = {
    chapters: manifest.chapters.length,
    steps: steps.length,
    questions: Object.values(questionsByType).reduce((sum, count) => sum + count, 0),
    questionsByType,
    glossaryTerms: glossary.items.length,
    catalogueEntries: catalogue.items.length,
    warnings: sorted.length - errors,
    errors,
    cues,
  };

  const result: ParseBundleResult = { problems: sorted, stats, version };
  if (errors === 0) {
    const course = assemble(version, manifest.data, steps, quizzes, glossary.data, catalogue.data, achievements.data);
    if (course !== undefined) result.course = course;
  }
  return result;
}

function assemble(
  version: string,
  manifest: Parameters<typeof buildCourse>[0]['manifest'] | undefined,
  steps: readonly StepInfo[],
  quizzes: readonly QuizInfo[],
  glossary: Parameters<typeof buildCourse>[0]['glossary'],
  catalogue: Parameters<typeof buildCourse>[0]['catalogue'],
  achievements: Parameters<typeof buildCourse>[0]['achievements'],
): Course | undefined {
  if (manifest === undefined) return undefined;
  const validSteps = new Map<string, ValidStep>();
  for (const step of steps) {
    if (step.data === undefined || step.body === undefined || step.analysis === undefined) return undefined;
    validSteps.set(step.data.id, { path: step.file.path, front: step.data, body: step.body, analysis: step.analysis });
  }
  const validQuizzes = new Map<string, NonNullable<QuizInfo['data']>>();
  for (const quiz of quizzes) {
    if (quiz.data === undefined) return undefined;
    validQuizzes.set(quiz.data.id, quiz.data);
  }
  return buildCourse({
    version,
    manifest,
    steps: validSteps,
    quizzes: validQuizzes,
    ...(glossary !== undefined && { glossary }),
    ...(catalogue !== undefined && { catalogue }),
    ...(achievements !== undefined && { achievements }),
  });
}
