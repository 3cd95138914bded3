// numeric and short text: one labelled field each.
import { useState } from 'react';
import { Input, Label, TextField } from 'react-aria-components';
import type { QuestionType } from './common';

function NumericInput({ unit, initial, onChange, labelId, disabled }: {
  unit: string | undefined;
  initial: number | undefined;
  onChange: (n: number | undefined) => void;
  labelId: string;
  disabled?: boolean;
}) {
  const [text, setText] = useState(initial === undefined ? '' : String(initial));
  const parsed = text.trim() === '' ? undefined : Number(text.replace(',', '.'));
  const invalid = parsed !== undefined && !Number.isFinite(parsed);
  return (
    <TextField
      className="field field-inline"
      value={text}
      isDisabled={disabled}
      isInvalid={invalid}
      onChange={(t) => {
        setText(t);
        const n = t.trim() === '' ? undefined : Number(t.replace(',', '.'));
        onChange(n !== undefined && Number.isFinite(n) ? n : undefined);
      }}
      aria-labelledby={labelId}
    >
      <Label className="visually-hidden">Your answer{unit ? ` in ${unit}` : ''}</Label>
      <span className="input-with-unit">
        <Input inputMode="decimal" autoComplete="off" />
        {unit && <span className="unit">{unit}</span>}
      </span>
      {invalid && <span className="field-error">Enter a number, like 42 or 0.5.</span>}
    </TextField>
  );
}

export const numeric: QuestionType<'numeric'> = {
  Input: ({ question, value, onChange, labelId, disabled }) => (
    <NumericInput
      unit={question.unit}
      initial={value?.value}
      labelId={labelId}
      disabled={disabled}
      onChange={(n) => onChange(n === undefined ? undefined : { type: 'numeric', value: n })}
    />
  ),
  Result: ({ question, answer, solution }) => (
    <ul className="answer-list">
      <li>
        Your answer: {answer ? answer.value : '—'} {question.unit ?? ''}
      </li>
      {solution && (
        <li>
          Correct answer: {solution.value} {solution.unit ?? question.unit ?? ''}
          {solution.tolerance && ('abs' in solution.tolerance ? ` (± ${solution.tolerance.abs})` : ` (± ${solution.tolerance.rel * 100} %)`)}
        </li>
      )}
    </ul>
  ),
  complete: (_q, a) => !!a,
};

export const shortText: QuestionType<'short_text'> = {
  Input: ({ value, onChange, labelId, disabled }) => (
    <TextField
      className="field"
      value={value?.text ?? ''}
      isDisabled={disabled}
      onChange={(text) => onChange(text.trim() ? { type: 'short_text', text } : undefined)}
      aria-labelledby={labelId}
    >
      <Label className="visually-hidden">Your answer</Label>
      <Input autoComplete="off" maxLength={500} />
    </TextField>
  ),
  Result: ({ answer, solution }) => (
    <ul className="answer-list">
      <li>Your answer: {answer?.text ?? '—'}</li>
      {solution && <li>Accepted answers: {solution.accepted.join('; ')}</li>}
    </ul>
  ),
  complete: (_q, a) => !!a,
};
