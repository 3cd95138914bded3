// Courses: the model, navigation and search.
export type * from './course/model.ts';
export type * from './course/ports.ts';
export * from './course/views.ts';
export * from './course/navigation.ts';
export * from './course/reference.ts';
export { nameScore } from './course/fuzzy.ts';
export * from './errors.ts';
export { badText, findBadText, type BadText } from './text/storable.ts';

// Quizzes: answers, graders, shuffling, presentation without keys, reveal policy.
export * from './quiz/answers.ts';
export * from './quiz/normalise.ts';
export * from './quiz/grade.ts';
export * from './quiz/shuffle.ts';
export * from './quiz/present.ts';
export { attemptPresentation, reviewPresentation, questionWithPresentedIds, quizWithPresentedIds, type PresentationKey } from './quiz/presented-ids.ts';
export { revealAllowed, explainAllowed, reviewOfAttempt, solutionOf, hint as quizHint, AttemptReviewSchema, ReviewedQuestionSchema, SolutionSchema } from './quiz/reveal.ts';
export type { AttemptReview, RevealContext } from './quiz/reveal.ts';

// Learner model: local days, streaks, mastery, spaced review, personalised path.
export * from './progress/local-day.ts';
export * from './progress/streak.ts';
export * from './progress/mastery.ts';
export * from './progress/review.ts';
export * from './progress/path.ts';

// Learners: ports, profile, use-cases and their views.
export type * from './learner/ports.ts';
export type * from './learner/events.ts';
export * from './learner/profile.ts';
export * from './learner/views.ts';
export * from './learner/quiz-views.ts';
export { checkAccess, assertAccess, chapterCompletion, tierAllows } from './learner/access.ts';
export type { LearningDeps } from './learner/deps.ts';
export { openStep, visitStep, visitAndOpenStep, stepAccess, completeStep } from './learner/steps.ts';
export { startAttempt, getAttempt, revealHint, submitAttempt, resetAttempts, listQuizAttempts } from './learner/quizzes.ts';
export type { AttemptsReset, QuizAttemptsView } from './learner/quizzes.ts';
export { attemptRounds, RETAKE_COOLDOWN_HOURS } from './quiz/rounds.ts';
export { courseProgress, streak, mastery, MasteryView, learningPath } from './learner/progress.ts';
export { createLearner, getLearner, updateProfile, setTier, deleteLearner } from './learner/account.ts';
export { dueReviews, answerReview } from './learner/reviews.ts';
export { listEvents, exportXapi } from './learner/events-export.ts';

// xAPI 1.0.3 export of learning events.
export * from './xapi/index.ts';
export { correctAnswerOf } from './quiz/correct-answer.ts';

// Learning plans (generated in the background by @cc/planner): rules, ports, use-cases, views.
export * from './plans/model.ts';
export * from './plans/rules.ts';
export type * from './plans/ports.ts';
export { requestPlan, getPlan, listPlans, retryPlan, planView, planningContext, requirePlans, type PlanDeps } from './plans/use-cases.ts';

// Bookmarks, notes and highlights: the learner's own traces on a course.
export * from './notes/model.ts';
export type * from './notes/ports.ts';
export { resolveHighlight, sectionSpan } from './notes/highlight.ts';
export { addBookmark, listBookmarks, removeBookmark, addNote, getNote, listNotes, updateNote, deleteNote, exportNotes } from './notes/use-cases.ts';
export { getAchievements, streakReached, BUILT_IN_ACHIEVEMENTS, AchievementView, AchievementsView, type AchievementStore, type AwardRecord } from './notes/achievements.ts';
