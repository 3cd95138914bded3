// Spaced review: the questions due today (FSRS), one at a time, without their answer keys.
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from 'react-aria-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Answer, type Schemas } from '../api/client';
import { keys } from '../api/queries';
import { Empty, ErrorNotice, Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { QuestionInput, QuestionResult, initialAnswers } from '../quiz/QuestionView';
import { useMe } from '../session';

type Card = Schemas['DueReviews']['reviews'][number];

export function Review() {
  useTitle('Review');
  const me = useMe();
  const due = useQuery({ queryKey: keys.reviews, queryFn: () => call(api.GET('/api/v1/me/reviews/due')), enabled: !!me.data, staleTime: Infinity });
  const [index, setIndex] = useState(0);
  if (me.isPending) return <Loading />;
  if (!me.data) {
    return (
      <section>
        <h1>Review</h1>
        <Empty title="Nothing to review yet.">
          <p>
            Every question you answer comes back here when it is due, so you remember it for good. <Link to="/">Start a course</Link>.
          </p>
        </Empty>
      </section>
    );
  }
  return (
    <section className="narrow-wide">
      <h1>Review</h1>
      {due.isPending && <Loading label="Loading due cards" />}
      {due.isError && <ErrorNotice error={due.error} retry={() => void due.refetch()} />}
      {due.data && due.data.reviews.length === 0 && (
        <Empty title="Nothing is due. You are up to date.">
          <p>Questions come back on a spaced schedule after you answer them in a quiz.</p>
        </Empty>
      )}
      {due.data && due.data.reviews.length > 0 && index >= due.data.reviews.length && (
        <div className="notice notice-success" role="status">
          <p className="notice-title">Session done</p>
          <p>You reviewed {due.data.reviews.length} card{due.data.reviews.length === 1 ? '' : 's'}. Each is scheduled again by how well you recalled it.</p>
          <Button className="button secondary" onPress={() => { setIndex(0); void due.refetch(); }}>
            Check for more
          </Button>
        </div>
      )}
      {due.data && due.data.reviews[index] && (
        <>
          <p className="meta">
            Card {index + 1} of {due.data.reviews.length}
          </p>
          <ReviewCard key={due.data.reviews[index].cardId} card={due.data.reviews[index]} onNext={() => setIndex((i) => i + 1)} />
        </>
      )}
    </section>
  );
}

function ReviewCard({ card, onNext }: { card: Card; onNext: () => void }) {
  const client = useQueryClient();
  const [answer, setAnswer] = useState<Answer | undefined>(() => initialAnswers([card.question])[card.question.id]);
  const [result, setResult] = useState<Schemas['ReviewResult'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // One key per card shown: a retry after a network error replays the recorded grade instead of grading twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const review = result?.review.questions[0];
  return (
    <div className="review-card">
      {!result ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!answer) return;
            setBusy(true);
            setError(null);
            try {
              setResult(await call(api.POST('/api/v1/me/reviews/{cardId}/answer', { params: { path: { cardId: card.cardId }, header: { 'idempotency-key': idempotencyKey } }, body: { answer } })));
              void client.invalidateQueries({ queryKey: ['me', 'streak'] });
              void client.invalidateQueries({ queryKey: ['me', 'mastery'] });
            } catch (err) {
              setError(err);
            } finally {
              setBusy(false);
            }
          }}
        >
          <QuestionInput question={card.question} index={0} answer={answer} onChange={setAnswer} disabled={busy} />
          {error !== null && <ErrorNotice error={error} />}
          <Button type="submit" className="button" isDisabled={busy || !answer}>
            Check
          </Button>
        </form>
      ) : (
        <>
          <ol className="results">{review && <QuestionResult question={card.question} review={review} index={0} />}</ol>
          <p className="hint">Next review: {new Date(result.nextDue).toLocaleDateString()}</p>
          <Button className="button" onPress={onNext} autoFocus>
            Next card
          </Button>
        </>
      )}
    </div>
  );
}
