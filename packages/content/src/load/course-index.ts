import type { ChapterInfo, ManifestInfo, QuizInfo, StepInfo } from './read-files.ts';
import { formatField, type ProblemCollector, type Severity } from './problems.ts';
import type { YamlSource } from './yaml-source.ts';

export interface ListedStep {
  chapter: ChapterInfo;
  /** Index in the chapter's raw `steps` list. */
  index: number;
}

/** Lookups shared by the cross-file checks and the model builder. */
export class CourseIndex {
  readonly chapterById = new Map<string, ChapterInfo>();
  readonly listed = new Map<string, ListedStep>();
  readonly stepsByPath = new Map<string, StepInfo>();
  readonly quizzes = new Map<string, QuizInfo>();
  /** Step ids named anywhere: listed in the manifest or given by a file name. */
  readonly knownStepIds = new Set<string>();

  constructor(
    readonly manifest: ManifestInfo,
    readonly steps: readonly StepInfo[],
    quizzes: readonly QuizInfo[],
  ) {
    for (const chapter of manifest.chapters) {
      const id = chapter.fields.id;
      if (id !== undefined && !this.chapterById.has(id)) this.chapterById.set(id, chapter);
      for (const { index, value } of chapter.steps ?? []) {
        if (!this.listed.has(value)) this.listed.set(value, { chapter, index });
        this.knownStepIds.add(value);
      }
    }
    for (const step of steps) {
      this.stepsByPath.set(step.file.path, step);
      this.knownStepIds.add(step.file.fileId);
    }
    for (const quiz of quizzes) this.quizzes.set(quiz.file.fileId, quiz);
  }

  /** The file of a listed step (in its chapter's folder), if it exists. */
  stepFile(stepId: string): StepInfo | undefined {
    const listed = this.listed.get(stepId);
    const chapterId = listed?.chapter.fields.id;
    return chapterId === undefined ? undefined : this.stepsByPath.get(`chapters/${chapterId}/${stepId}.md`);
  }
}

/** Reports a problem at a value path of a YAML source (its line and field). */
export function reportAt(
  problems: ProblemCollector,
  severity: Severity,
  file: string,
  source: YamlSource | undefined,
  path: readonly PropertyKey[],
  message: string,
  fieldPrefix?: string,
): void {
  const field = formatField(path, fieldPrefix ?? source?.fieldPrefix);
  problems.add(severity, file, source?.lineOf(path), field, message);
}
