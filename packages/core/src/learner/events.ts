import type { XapiInteractionType } from '../xapi/interaction.ts';

// Learning events: the append-only record of every state change (see docs/learning-engine.md).
export type LearningEventType =
  | 'viewed'
  | 'completed'
  | 'answered'
  | 'passed'
  | 'failed'
  | 'progressed'
  | 'reviewed'
  | 'hint_revealed'
  | 'bookmarked';

export interface LearningEvent {
  id: string;
  learnerId: string;
  type: LearningEventType;
  /** ISO 8601 instant (UTC). */
  at: string;
  courseId: string;
  chapterId?: string;
  stepId?: string;
  quizId?: string;
  questionId?: string;
  attemptId?: string;
  /** Type-specific details: score (0-100 or 0-1 per type, see below), passed, completion %, hint index... */
  data: {
    /** answered/reviewed: the question's score 0..1; passed/failed: the attempt's score 0..100. */
    score?: number;
    /** progressed: the chapter's completion % after the change. */
    completion?: number;
    /** hint_revealed: 0-based index of the hint. */
    hintIndex?: number;
    /** answered: whether the answer scored 1. */
    correct?: boolean;
    /** viewed/completed/bookmarked: the step title, for exports; answered: the question prompt excerpt. */
    title?: string;
    /** answered/reviewed: the question's xAPI interactionType (xapi/interaction.ts). */
    interactionType?: XapiInteractionType;
    /** answered/reviewed: the learner's answer in xAPI's response format, in author ids. */
    response?: string;
  };
}
