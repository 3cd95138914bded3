// The course model as the domain sees it: loaded from a bundle by @cc/content,
// consumed by every use-case. camelCase here; the bundle files use snake_case.

export type Access = 'free' | 'premium';
export type StepKind = 'lesson' | 'exercise' | 'checkpoint' | 'reading';
export type StepLevel = 'core' | 'optional' | 'deep-dive';
export type Audience = 'all' | 'beginner' | 'advanced';

export type Prerequisite =
  | { type: 'step'; stepId: string; minScore?: number }
  | { type: 'chapter'; chapterId: string; minCompletion: number };

/** A `##`/`###` section of a step's Markdown, as indexed for search. */
export interface StepSection {
  anchor: string;
  heading: string;
  depth: number;
  /** Markdown of the section, verbatim (heading line excluded). */
  markdown: string;
}

/** The step body split into shared text and audience-specific blocks, in order. */
export interface StepBlock {
  audience: Audience;
  title?: string;
  /** Markdown, verbatim. */
  markdown: string;
}

export interface Step {
  id: string;
  chapterId: string;
  title: string;
  kind: StepKind;
  minutes: number;
  level: StepLevel;
  audience: Audience;
  concepts: string[];
  quizId?: string;
  /** undefined = inherit the chapter's prerequisites only. */
  prerequisites?: Prerequisite[];
  /** The Markdown body (frontmatter removed), byte-for-byte as authored. */
  markdown: string;
  sections: StepSection[];
  blocks: StepBlock[];
  wordCount: number;
  /** Path of the source file inside the bundle, for citations and error messages. */
  path: string;
}

export interface Chapter {
  id: string;
  title: string;
  summary?: string;
  access: Access;
  objectives: string[];
  /** Resolved: the manifest's list, or the default (previous checkpoint passed). */
  prerequisites: Prerequisite[];
  stepIds: string[];
}

export interface ChoiceOption {
  id: string;
  text: string;
  correct: boolean;
  feedback?: string;
}

export interface TextMatchRule {
  accepted: string[];
  patterns: string[];
  caseSensitive: boolean;
  keepPunctuation: boolean;
}

interface QuestionBase {
  id: string;
  prompt: string;
  concepts: string[];
  points: number;
  explanation?: string;
  hints: string[];
}

export type Question =
  | (QuestionBase & { type: 'single'; options: ChoiceOption[] })
  | (QuestionBase & { type: 'multiple'; options: ChoiceOption[] })
  | (QuestionBase & { type: 'true_false'; answer: boolean; feedback?: { true?: string; false?: string } })
  | (QuestionBase & { type: 'numeric'; answer: number; tolerance?: { abs: number } | { rel: number }; unit?: string })
  | (QuestionBase & { type: 'short_text' } & TextMatchRule)
  | (QuestionBase & { type: 'ordering'; parsons: boolean; items: { id: string; text: string }[] })
  | (QuestionBase & {
      type: 'matching';
      pairs: { left: { id: string; text: string }; right: { id: string; text: string } }[];
      distractors: { id: string; text: string }[];
    })
  | (QuestionBase & {
      type: 'cloze';
      text: string;
      blanks: ({ id: string } & ({ kind: 'text'; rule: TextMatchRule } | { kind: 'choice'; options: ChoiceOption[] }))[];
    });

export type QuestionType = Question['type'];

export interface QuizPolicy {
  passScore: number;
  maxAttempts: number | null;
  grading: 'best' | 'last';
  showAnswers: 'after_pass' | 'after_last_attempt' | 'never';
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
}

export interface Quiz {
  id: string;
  title: string;
  kind: 'checkpoint' | 'quick-check';
  policy: QuizPolicy;
  questions: Question[];
}

export interface GlossaryTerm {
  id: string;
  term: string;
  aliases: string[];
  definition: string;
  stepIds: string[];
  seeAlso: string[];
}

export interface CatalogueEntry {
  id: string;
  kind: 'error' | 'misconception';
  title: string;
  symptom: string;
  meaning: string;
  fix: string;
  stepIds: string[];
  tags: string[];
}

/** What earns a course-specific achievement (achievements.yaml). */
export type AchievementCriterion =
  | { type: 'complete-steps'; stepIds: string[] }
  | { type: 'pass-quiz'; quizId: string }
  | { type: 'complete-chapter'; chapterId: string }
  | { type: 'master-concept'; concept: string };

export interface CourseAchievement {
  id: string;
  title: string;
  description: string;
  criterion: AchievementCriterion;
}

export interface Course {
  id: string;
  /** Content hash of the bundle: the cache key and the version clients see. */
  version: string;
  /** The author's semver from the manifest. */
  authorVersion: string;
  title: string;
  summary: string;
  language: string;
  authors: string[];
  tags: string[];
  defaultPassScore: number;
  chapters: Chapter[];
  /** All steps in reading order. */
  steps: Step[];
  quizzes: Record<string, Quiz>;
  glossary: GlossaryTerm[];
  catalogue: CatalogueEntry[];
  /** Course-specific achievements from achievements.yaml (absent: none). */
  achievements?: CourseAchievement[];
}
