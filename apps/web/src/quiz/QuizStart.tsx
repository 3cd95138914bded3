// The quiz's call to action on a step. The quiz itself (every question type) loads when the learner
// starts it, so a step page's first load carries only what reading needs.
import { lazy, Suspense, useState } from 'react';
import { Button } from 'react-aria-components';
import { Loading } from '../components/Status';

const QuizPanel = lazy(() => import('./QuizPanel').then((m) => ({ default: m.QuizPanel })));

export function QuizStart({ courseId, quizId, checkpoint }: { courseId: string; quizId: string; checkpoint: boolean }) {
  const [started, setStarted] = useState(false);
  if (started) {
    return (
      <Suspense fallback={<Loading label="Loading the quiz" />}>
        <QuizPanel courseId={courseId} quizId={quizId} checkpoint={checkpoint} autoStart />
      </Suspense>
    );
  }
  return (
    <section className="quiz" aria-labelledby="quiz-title">
      <h2 id="quiz-title">{checkpoint ? 'Checkpoint' : 'Check your understanding'}</h2>
      <p>
        {checkpoint
          ? 'Pass this checkpoint to unlock what comes next. You can take hints as you go.'
          : 'A few quick questions on this step. Hints are there if you need them.'}
      </p>
      <Button className="button" onPress={() => setStarted(true)}>
        Start the quiz
      </Button>
    </section>
  );
}
