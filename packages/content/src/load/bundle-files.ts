import { BUNDLE_LIMITS, formatLimit } from '../format/limits.ts';
import { isSafeBundlePath } from '../format/release.ts';
import type { ProblemCollector } from './problems.ts';

export type BundleFileKind = 'manifest' | 'glossary' | 'achievements' | 'catalogue' | 'step' | 'quiz' | 'asset' | 'other';

export type ClassifiedFile =
  | { path: string; kind: 'manifest' | 'glossary' | 'achievements' | 'catalogue' | 'asset' | 'other' }
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
  if (path === 'achievements.yaml') return { path, kind: 'achievements' };
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

const KIND_NAMES: Record<BundleFileKind, string> = {
  manifest: 'course.yaml',
  step: 'a step',
  quiz: 'a quiz',
  glossary: 'glossary.yaml',
  catalogue: 'catalogue.yaml',
  achievements: 'achievements.yaml',
  asset: 'an asset',
  other: 'a file',
};

const SPLIT_ADVICE: Partial<Record<BundleFileKind, string>> = {
  step: ' (split it into several steps)',
  quiz: ' (split it into several quizzes)',
};

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The bundle's files by kind, with text decoded; layout and encoding problems are reported. */
export class BundleFiles {
  readonly classified: ClassifiedFile[] = [];
  private readonly texts = new Map<string, string>();
  /** Files over their size limit: reported once, never decoded or parsed. */
  private readonly oversized = new Set<string>();

  constructor(
    readonly files: ReadonlyMap<string, Uint8Array>,
    private readonly problems: ProblemCollector,
  ) {
    let total = 0;
    for (const bytes of files.values()) total += bytes.byteLength;
    if (files.size > BUNDLE_LIMITS.files) {
      problems.error('course.yaml', undefined, undefined, `the bundle has ${files.size} files; the limit is ${BUNDLE_LIMITS.files}`);
    }
    if (total > BUNDLE_LIMITS.bundleBytes) {
      problems.error('course.yaml', undefined, undefined,
        `the bundle holds ${formatBytes(total)}; the limit is ${formatLimit(BUNDLE_LIMITS.bundleBytes)} (move large media out of the bundle)`);
    }
    for (const path of [...files.keys()].sort()) {
      if (!isSafeBundlePath(path)) {
        problems.error(path, undefined, undefined, 'invalid file path: expected a relative path without . or .. segments');
        continue;
      }
      const file = classifyPath(path);
      if (file.kind === 'other') problems.warn(path, undefined, undefined, otherFileMessage(path));
      const size = files.get(path)?.byteLength ?? 0;
      const limit = BUNDLE_LIMITS.fileBytes[file.kind];
      if (size > limit) {
        this.oversized.add(path);
        problems.error(path, undefined, undefined, `file is ${formatBytes(size)}; the limit for ${KIND_NAMES[file.kind]} is ${formatLimit(limit)}${SPLIT_ADVICE[file.kind] ?? ''}`);
      }
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
    if (bytes === undefined || this.oversized.has(path)) return undefined;
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
