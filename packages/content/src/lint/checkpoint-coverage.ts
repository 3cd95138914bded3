// Author lint: a checkpoint tests what every learner's path shows. Beginners skip deep-dive steps,
// learners in overview depth skip optional ones, and audience blocks (`:::advanced`, `:::beginner`)
// are shown to some learners only, so a checkpoint question whose concept is taught only there
// tests something part of the class never saw.
import { reportAt } from '../load/course-index.ts';
import type { CourseIndex } from '../load/course-index.ts';
import type { ProblemCollector } from '../load/problems.ts';

/** Lowercased text with hyphens and underscores as spaces, so `top-p` and `top p` match. */
const plain = (text: string): string => ` ${text.toLowerCase().replace(/[-_]+/g, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
const phraseOf = (concept: string): string => ` ${concept.replace(/-/g, ' ')} `;

interface Taught {
  /** Concepts listed by steps every learner's path shows (level core). */
  everyPath: Set<string>;
  /** Steps that list a concept but that some learners skip (optional, deep-dive). */
  skippable: Map<string, string[]>;
  /** Text every learner sees: everything outside audience blocks in core steps. */
  sharedText: string[];
  /** Text of `:::advanced` and `:::beginner` blocks, with the step they are in. */
  audienceText: { stepId: string; audience: string; text: string }[];
}

/** Warns on checkpoint questions whose concepts are taught only in skipped or audience-only content. */
export function lintCheckpointCoverage(index: CourseIndex, problems: ProblemCollector): void {
  const manifest = index.manifest.data;
  if (manifest === undefined) return;
  const taught: Taught = { everyPath: new Set(), skippable: new Map(), sharedText: [], audienceText: [] };
  for (const chapter of manifest.chapters) {
    for (const stepId of chapter.steps) {
      const step = index.stepFile(stepId);
      const front = step?.data;
      if (step === undefined || front === undefined) continue;
      if (front.kind === 'checkpoint') {
        // A checkpoint teaches nothing: its concepts list what it tests.
        if (front.quiz !== undefined) checkQuiz(index, front.quiz, taught, problems);
        continue;
      }
      if (front.level === 'core') {
        for (const concept of front.concepts) taught.everyPath.add(concept);
        for (const block of step.analysis?.blocks ?? []) {
          if (block.audience === 'all') taught.sharedText.push(plain(block.markdown));
          else taught.audienceText.push({ stepId, audience: block.audience, text: plain(block.markdown) });
        }
      } else {
        for (const concept of front.concepts) taught.skippable.set(concept, [...(taught.skippable.get(concept) ?? []), `${stepId} (${front.level})`]);
      }
    }
  }
}

function checkQuiz(index: CourseIndex, quizId: string, taught: Taught, problems: ProblemCollector): void {
  const quiz = index.quizzes.get(quizId);
  if (quiz?.data === undefined) return;
  quiz.data.questions.forEach((question, questionIndex) => {
    question.concepts.forEach((concept, conceptIndex) => {
      const warn = (message: string) =>
        reportAt(problems, 'warning', quiz.file.path, quiz.source, ['questions', questionIndex, 'concepts', conceptIndex], message);
      if (!taught.everyPath.has(concept)) {
        const where = taught.skippable.get(concept);
        warn(
          where === undefined
            ? `checkpoint question "${question.id}" tests concept "${concept}", which no earlier core step lists in its concepts`
            : `checkpoint question "${question.id}" tests concept "${concept}", taught only in ${where.join(', ')}, which some learners skip: ask it in that step's quick check`,
        );
        return;
      }
      const phrase = phraseOf(concept);
      if (taught.sharedText.some((text) => text.includes(phrase))) return;
      const block = taught.audienceText.find((entry) => entry.text.includes(phrase));
      if (block !== undefined) {
        warn(
          `checkpoint question "${question.id}" tests concept "${concept}", which appears only in a :::${block.audience} block (${block.stepId}) that some learners never see`,
        );
      }
    });
  });
}
