// Ordering (and Parsons problems): a list with "move up / move down" buttons, no dragging needed.
import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { Markdown } from '../../components/Markdown';
import { textOfOption, type InputProps, type QuestionType } from './common';

function OrderingInput({ question, value, onChange, labelId, disabled }: InputProps<'ordering'>) {
  const order = value?.itemIds ?? question.items.map((i) => i.id);
  const [announcement, setAnnouncement] = useState('');
  const focusAfter = useRef<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!focusAfter.current) return;
    list.current?.querySelector<HTMLElement>(`[data-focus="${focusAfter.current}"]`)?.focus();
    focusAfter.current = null;
  });
  const move = (from: number, to: number, direction: 'up' | 'down') => {
    const next = [...order];
    const [id] = next.splice(from, 1);
    if (id === undefined) return;
    next.splice(to, 0, id);
    onChange({ type: 'ordering', itemIds: next });
    focusAfter.current = `${id}-${to === 0 ? 'down' : to === next.length - 1 ? 'up' : direction}`;
    setAnnouncement(`Moved to position ${to + 1} of ${next.length}.`);
  };
  return (
    <div>
      <p className="choices-hint">Put the items in order with the buttons: the first item goes on top.</p>
      <ol className={`ordering${question.parsons ? ' parsons' : ''}`} aria-labelledby={labelId} ref={list}>
        {order.map((id, i) => {
          const text = textOfOption(question.items, id);
          return (
            <li key={id} className="ordering-item">
              <span className="ordering-pos" aria-hidden="true">
                {i + 1}
              </span>
              <span className="ordering-text">{question.parsons ? <code>{text}</code> : <Markdown inline>{text}</Markdown>}</span>
              <span className="ordering-buttons">
                <Button
                  className="icon-button"
                  aria-label={`Move “${text}” up`}
                  data-focus={`${id}-up`}
                  isDisabled={disabled || i === 0}
                  onPress={() => move(i, i - 1, 'up')}
                >
                  ↑
                </Button>
                <Button
                  className="icon-button"
                  aria-label={`Move “${text}” down`}
                  data-focus={`${id}-down`}
                  isDisabled={disabled || i === order.length - 1}
                  onPress={() => move(i, i + 1, 'down')}
                >
                  ↓
                </Button>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

export const ordering: QuestionType<'ordering'> = {
  Input: OrderingInput,
  Result: ({ question, answer, solution }) => (
    <div className="answer-columns">
      <div>
        <p>Your order:</p>
        <ol>{(answer?.itemIds ?? []).map((id) => <li key={id}>{textOfOption(question.items, id)}</li>)}</ol>
      </div>
      {solution && (
        <div>
          <p>Correct order:</p>
          <ol>{solution.itemIds.map((id) => <li key={id}>{textOfOption(question.items, id)}</li>)}</ol>
        </div>
      )}
    </div>
  ),
  // The initial (shuffled) order is an answer too; the learner submits it explicitly.
  complete: () => true,
};
