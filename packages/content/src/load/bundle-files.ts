import { isSafeBundlePath } from '../format/release.ts';
import type { ProblemCollector } from './problems.ts';

export type BundleFileKind = 'manifest' | 'glossary' | 'catalogue' | 'step' | 'quiz' | 'asset' | 'other';

export type ClassifiedFile =
  | { path: string; kind: 'manifest' | 'glossary' | 'catalogue' | 'asset' | 'other' }
  /** chapters/<chapterDir>/<fileId>.md */
  | { path: string; kind: 'step'; chapterDir: string; fileId: string }
  /** quizzes/<fileId>.yaml */
  | { path: string; kind: 'quiz'; fileId: string };

export type StepFileRef = Extract<ClassifiedFile, { kind: 'step' }>;
export type QuizFileRef = Extract<ClassifiedFile, { kind: 'quiz' }>;

const STEP = /^chapters\/([^/]+)\/([^/]+)\.md$/;
const QUIZ = /^quizzes\/([^/]+)\.yaml$/;

export function classifyPath(path: string): ClassifiedFile {
  if (path === 'course.yaml') return { path, kind: 'manifest' };
  if (path === 'glossary.yaml') return { path, kind: 'glossary' };
  if (path === 'catalogue.yaml') return { path, kind: 'catalogue' };
  if (path.startsWith('assets/')) return { path, kind: 'asset' };
  const step = STEP.exec(path);
  if (step?.[1] !== undefined && step[2] !== undefined) return { path, kind: 'step', chapterDir: step[1], fileId: step[2] };
  const quiz = QUIZ.exec(path);
  if (quiz?.[1] !== undefined) return { path, kind: 'quiz', fileId: quiz[1] };
  return { path, kind: 'other' };
}

function otherFileMessage(path: string): string {
  if (/\.yml$/.test(path)) return 'unexpected file: bundle YAML files end in .yaml';
  if (path.startsWith('chapters/')) return 'unexpected file: chapters/ holds only chapters/<chapter-id>/<step-id>.md (put images in assets/)';
  if (path.startsWith('quizzes/')) return 'unexpected file: quizzes/ holds only quizzes/<quiz-id>.yaml';
  return 'unexpected file: not part of the bundle layout (see docs/course-bundle.md)';
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The bundle's files by kind, with text decoded; layout and encoding problems are reported. */
export class BundleFiles {
  readonly classified: ClassifiedFile[] = [];
  private readonly texts = new Map<string, string>();

  constructor(
    readonly files: ReadonlyMap<string, Uint8Array>,
    private readonly problems: ProblemCollector,
  ) {
    for (const path of [...files.keys()].sort()) {
      if (!isSafeBundlePath(path)) {
        problems.error(path, undefined, undefined, 'invalid file path: expected a relative path without . or .. segments');
        continue;
      }
      const file = classifyPath(path);
      if (file.kind === 'other') problems.warn(path, undefined, undefined, otherFileMessage(path));
      this.classified.push(file);
    }
  }

  ofKind<K extends BundleFileKind>(kind: K): Extract<ClassifiedFile, { kind: K }>[] {
    return this.classified.filter((file): file is Extract<ClassifiedFile, { kind: K }> => file.kind === kind);
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** The file as UTF-8 text, or undefined (reported) when it is not valid UTF-8. */
  text(path: string): string | undefined {
    const cached = this.texts.get(path);
    if (cached !== undefined) return cached;
    const bytes = this.files.get(path);
    if (bytes === undefined) return undefined;
    try {
      const text = decoder.decode(bytes);
      this.texts.set(path, text);
      return text;
    } catch {
      this.problems.error(path, undefined, undefined, 'not valid UTF-8 text');
      return undefined;
    }
  }
}
