import type { AchievementCriterion, CatalogueEntry, Chapter, ChoiceOption, Course, GlossaryTerm, Prerequisite, Question, Quiz, Step, TextMatchRule } from '@cc/core';
import type { AchievementFile, AchievementsFile } from '../format/achievements.ts';
import type { CatalogueFile } from '../format/catalogue.ts';
import type { GlossaryFile } from '../format/glossary.ts';
import type { ManifestFile, PrerequisiteFile } from '../format/manifest.ts';
import type { ChoiceOptionFile, QuestionFile, QuizFile } from '../format/quiz.ts';
import type { StepBody } from '../markdown/step-body.ts';
import type { StepFrontmatterFile } from '../format/step-frontmatter.ts';

export interface ValidStep {
  path: string;
  front: StepFrontmatterFile;
  body: string;
  analysis: StepBody;
}

export interface ValidBundle {
  version: string;
  manifest: ManifestFile;
  /** Step files by step id. */
  steps: ReadonlyMap<string, ValidStep>;
  quizzes: ReadonlyMap<string, QuizFile>;
  glossary?: GlossaryFile;
  catalogue?: CatalogueFile;
  achievements?: AchievementsFile;
}

function criterion(file: AchievementFile['criterion']): AchievementCriterion {
  switch (file.type) {
    case 'complete-steps':
      return { type: file.type, stepIds: file.steps };
    case 'pass-quiz':
      return { type: file.type, quizId: file.quiz };
    case 'complete-chapter':
      return { type: file.type, chapterId: file.chapter };
    case 'master-concept':
      return { type: file.type, concept: file.concept };
  }
}

function option(file: ChoiceOptionFile): ChoiceOption {
  return { id: file.id, text: file.text, correct: file.correct, ...(file.feedback !== undefined && { feedback: file.feedback }) };
}

function textRule(file: { accepted: string[]; patterns: string[]; case_sensitive: boolean; keep_punctuation: boolean }): TextMatchRule {
  return { accepted: file.accepted, patterns: file.patterns, caseSensitive: file.case_sensitive, keepPunctuation: file.keep_punctuation };
}

export function toQuestion(file: QuestionFile): Question {
  const base = {
    id: file.id,
    prompt: file.prompt,
    concepts: file.concepts,
    points: file.points,
    hints: file.hints,
    ...(file.explanation !== undefined && { explanation: file.explanation }),
  };
  switch (file.type) {
    case 'single':
    case 'multiple':
      return { ...base, type: file.type, options: file.options.map(option) };
    case 'true_false':
      return { ...base, type: 'true_false', answer: file.answer, ...(file.feedback !== undefined && { feedback: file.feedback }) };
    case 'numeric':
      return {
        ...base,
        type: 'numeric',
        answer: file.answer,
        ...(file.tolerance !== undefined && { tolerance: file.tolerance }),
        ...(file.unit !== undefined && { unit: file.unit }),
      };
    case 'short_text':
      return { ...base, type: 'short_text', ...textRule(file) };
    case 'ordering':
      return { ...base, type: 'ordering', parsons: file.parsons, items: file.items };
    case 'matching':
      return { ...base, type: 'matching', pairs: file.pairs, distractors: file.distractors };
    case 'cloze':
      return {
        ...base,
        type: 'cloze',
        text: file.text,
        blanks: file.blanks.map((blank) =>
          'options' in blank
            ? { id: blank.id, kind: 'choice' as const, options: blank.options.map(option) }
            : { id: blank.id, kind: 'text' as const, rule: textRule(blank) },
        ),
      };
  }
}

function toQuiz(file: QuizFile, defaultPassScore: number): Quiz {
  return {
    id: file.id,
    title: file.title,
    kind: file.kind,
    policy: {
      passScore: file.policy.pass_score ?? defaultPassScore,
      maxAttempts: file.policy.max_attempts,
      grading: file.policy.grading,
      showAnswers: file.policy.show_answers,
      shuffleQuestions: file.policy.shuffle_questions,
      shuffleOptions: file.policy.shuffle_options,
    },
    questions: file.questions.map(toQuestion),
  };
}

/** Builds the domain model from a bundle that passed every check (so every reference resolves). */
export function buildCourse(bundle: ValidBundle): Course {
  const { manifest } = bundle;
  const defaultPassScore = manifest.defaults.pass_score;
  const quizzes: Record<string, Quiz> = {};
  for (const [id, file] of bundle.quizzes) quizzes[id] = toQuiz(file, defaultPassScore);

  const passScoreOf = (stepId: string): number => {
    const quizId = bundle.steps.get(stepId)?.front.quiz;
    return (quizId === undefined ? undefined : quizzes[quizId]?.policy.passScore) ?? defaultPassScore;
  };
  const prerequisite = (file: PrerequisiteFile): Prerequisite =>
    'step' in file
      ? { type: 'step', stepId: file.step, minScore: file.min_score ?? passScoreOf(file.step) }
      : { type: 'chapter', chapterId: file.chapter, minCompletion: file.min_completion ?? 100 };

  const chapters: Chapter[] = [];
  const steps: Step[] = [];
  manifest.chapters.forEach((chapter, index) => {
    const previous = manifest.chapters[index - 1];
    const previousCheckpoint = previous?.steps.at(-1);
    let prerequisites: Prerequisite[];
    if (chapter.prerequisites !== undefined) prerequisites = chapter.prerequisites.map(prerequisite);
    else if (previousCheckpoint !== undefined) prerequisites = [{ type: 'step', stepId: previousCheckpoint, minScore: passScoreOf(previousCheckpoint) }];
    else prerequisites = [];
    chapters.push({
      id: chapter.id,
      title: chapter.title,
      ...(chapter.summary !== undefined && { summary: chapter.summary }),
      access: chapter.access,
      objectives: chapter.objectives,
      prerequisites,
      stepIds: chapter.steps,
    });
    for (const stepId of chapter.steps) {
      const step = bundle.steps.get(stepId);
      if (step === undefined) throw new Error(`internal: step ${stepId} passed validation without a file`);
      const { front, analysis } = step;
      steps.push({
        id: front.id,
        chapterId: chapter.id,
        title: front.title,
        kind: front.kind,
        minutes: front.minutes,
        level: front.level,
        audience: front.audience,
        concepts: front.concepts,
        ...(front.quiz !== undefined && { quizId: front.quiz }),
        ...(front.prerequisites !== undefined && { prerequisites: front.prerequisites.map(prerequisite) }),
        markdown: step.body,
        sections: analysis.sections,
        blocks: analysis.blocks,
        wordCount: analysis.wordCount,
        path: step.path,
      });
    }
  });

  const glossary: GlossaryTerm[] = (bundle.glossary?.terms ?? []).map((term) => ({
    id: term.id,
    term: term.term,
    aliases: term.aliases,
    definition: term.definition,
    stepIds: term.steps,
    seeAlso: term.see_also,
  }));
  const catalogue: CatalogueEntry[] = (bundle.catalogue?.entries ?? []).map((entry) => ({
    id: entry.id,
    kind: entry.kind,
    title: entry.title,
    symptom: entry.symptom,
    meaning: entry.meaning,
    fix: entry.fix,
    stepIds: entry.steps,
    tags: entry.tags,
  }));

  return {
    id: manifest.id,
    version: bundle.version,
    authorVersion: manifest.version,
    title: manifest.title,
    summary: manifest.summary,
    language: manifest.language,
    authors: manifest.authors,
    tags: manifest.tags,
    defaultPassScore,
    chapters,
    steps,
    quizzes,
    glossary,
    catalogue,
    achievements: (bundle.achievements?.achievements ?? []).map((a) => ({
      id: a.id,
      title: a.title,
      description: a.description,
      criterion: criterion(a.criterion),
    })),
  };
}
