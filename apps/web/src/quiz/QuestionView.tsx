import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import type { Answer, Question, QuestionReview } from '../api/client';
import { Markdown } from '../components/Markdown';
import { questionTypes } from './types';
import type { QuestionType } from './types/common';
import { distinctFeedback } from './feedback';

// Each type's module narrows its own question; here any question meets its module.
const moduleOf = (q: Question) => questionTypes[q.type] as unknown as QuestionType<Question['type']>;

/** An ordering question is answered by its order as shown until the learner changes it. */
export function initialAnswers(questions: readonly Question[]): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  for (const q of questions) if (q.type === 'ordering') answers[q.id] = { type: 'ordering', itemIds: q.items.map((i) => i.id) };
  return answers;
}

export function isComplete(question: Question, answer: Answer | undefined): boolean {
  return moduleOf(question).complete(question, answer);
}

export function QuestionInput({
  question,
  index,
  answer,
  onChange,
  disabled,
  hints,
  onHint,
}: {
  question: Question;
  index: number;
  answer: Answer | undefined;
  onChange: (a: Answer | undefined) => void;
  disabled?: boolean;
  hints?: readonly string[];
  onHint?: () => Promise<void>;
}) {
  const labelId = useId();
  const { Input } = moduleOf(question);
  const [hintError, setHintError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const shown = hints?.length ?? 0;
  return (
    <fieldset className="question">
      <legend className="question-number">Question {index + 1}</legend>
      <div id={labelId} className="question-prompt">
        <Markdown inline>{question.prompt}</Markdown>
      </div>
      <Input question={question} value={answer} onChange={onChange} labelId={labelId} disabled={disabled} />
      {hints && hints.length > 0 && (
        <ul className="hints" aria-label="Hints">
          {hints.map((h, i) => (
            <li key={i}>
              <strong>Hint {i + 1}:</strong> <Markdown inline>{h}</Markdown>
            </li>
          ))}
        </ul>
      )}
      {onHint && question.hintCount > shown && !disabled && (
        <Button
          className="button link-button"
          isDisabled={asking}
          onPress={async () => {
            setAsking(true);
            setHintError(null);
            try {
              await onHint();
            } catch (e) {
              setHintError(e instanceof Error ? e.message : 'The hint could not be loaded.');
            } finally {
              setAsking(false);
            }
          }}
        >
          {asking ? 'Loading hint…' : `Show a hint (${question.hintCount - shown} left)`}
        </Button>
      )}
      {hintError && (
        <p className="field-error" role="alert">
          {hintError}
        </p>
      )}
    </fieldset>
  );
}

export function QuestionResult({ question, review, index }: { question: Question | undefined; review: QuestionReview; index: number }) {
  const verdict = review.correct ? 'Correct' : review.score > 0 ? `Partly correct (${Math.round(review.score * 100)}%)` : 'Not correct';
  const Result = question ? moduleOf(question).Result : undefined;
  return (
    <li className={`result ${review.correct ? 'is-correct' : review.score > 0 ? 'is-partial' : 'is-wrong'}`}>
      <p className="result-head">
        <span className="question-number">Question {index + 1}</span>
        <span className="verdict">
          <span aria-hidden="true">{review.correct ? '✓ ' : review.score > 0 ? '◐ ' : '✗ '}</span>
          {verdict}
        </span>
      </p>
      {(review.prompt ?? question?.prompt) && <Markdown inline>{review.prompt ?? question?.prompt ?? ''}</Markdown>}
      {Result && question && (
        <Result question={question} answer={review.answer ?? undefined} solution={review.solution} review={review} />
      )}
      {distinctFeedback(review.feedback).map((f, i) => (
        <div key={i} className="feedback">
          <Markdown inline>{f}</Markdown>
        </div>
      ))}
      {review.explanation && (
        <div className="explanation">
          <strong>Why:</strong> <Markdown inline>{review.explanation}</Markdown>
        </div>
      )}
    </li>
  );
}
