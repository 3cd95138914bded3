// single, multiple and true/false: radio buttons and checkboxes.
import { Checkbox, CheckboxGroup, Radio, RadioGroup } from 'react-aria-components';
import { Markdown } from '../../components/Markdown';
import { textOfOption, type QuestionType } from './common';

const Box = ({ children }: { children: React.ReactNode }) => (
  <>
    <span className="choice-indicator" aria-hidden="true" />
    <span className="choice-text">{children}</span>
  </>
);

export const single: QuestionType<'single'> = {
  Input: ({ question, value, onChange, labelId, disabled }) => (
    <RadioGroup
      aria-labelledby={labelId}
      className="choices"
      isDisabled={disabled}
      value={value?.optionId ?? null}
      onChange={(optionId) => onChange({ type: 'single', optionId })}
    >
      {question.options.map((o) => (
        <Radio key={o.id} value={o.id} className="choice">
          <Box>
            <Markdown inline>{o.text}</Markdown>
          </Box>
        </Radio>
      ))}
    </RadioGroup>
  ),
  Result: ({ question, answer, solution }) => (
    <ul className="answer-list">
      <li>
        Your answer: <Markdown inline>{textOfOption(question.options, answer?.optionId)}</Markdown>
      </li>
      {solution && (
        <li>
          Correct answer: <Markdown inline>{textOfOption(question.options, solution.optionId)}</Markdown>
        </li>
      )}
    </ul>
  ),
  complete: (_q, a) => !!a,
};

export const multiple: QuestionType<'multiple'> = {
  Input: ({ question, value, onChange, labelId, disabled }) => (
    <CheckboxGroup
      aria-labelledby={labelId}
      className="choices"
      isDisabled={disabled}
      value={value?.optionIds ?? []}
      onChange={(optionIds) => onChange({ type: 'multiple', optionIds })}
    >
      <p className="choices-hint">Select every answer that applies.</p>
      {question.options.map((o) => (
        <Checkbox key={o.id} value={o.id} className="choice choice-check">
          <Box>
            <Markdown inline>{o.text}</Markdown>
          </Box>
        </Checkbox>
      ))}
    </CheckboxGroup>
  ),
  Result: ({ question, answer, solution }) => (
    <ul className="answer-list">
      <li>Your answer: {answer?.optionIds.length ? answer.optionIds.map((id) => textOfOption(question.options, id)).join('; ') : 'none selected'}</li>
      {solution && <li>Correct answers: {solution.optionIds.map((id) => textOfOption(question.options, id)).join('; ')}</li>}
    </ul>
  ),
  // Choosing none is a legitimate answer for "select all that apply".
  complete: () => true,
};

export const trueFalse: QuestionType<'true_false'> = {
  Input: ({ value, onChange, labelId, disabled }) => (
    <RadioGroup
      aria-labelledby={labelId}
      className="choices choices-row"
      isDisabled={disabled}
      value={value === undefined ? null : String(value.value)}
      onChange={(v) => onChange({ type: 'true_false', value: v === 'true' })}
    >
      <Radio value="true" className="choice">
        <Box>True</Box>
      </Radio>
      <Radio value="false" className="choice">
        <Box>False</Box>
      </Radio>
    </RadioGroup>
  ),
  Result: ({ answer, solution }) => (
    <ul className="answer-list">
      <li>Your answer: {answer ? (answer.value ? 'True' : 'False') : '—'}</li>
      {solution && <li>Correct answer: {solution.value ? 'True' : 'False'}</li>}
    </ul>
  ),
  complete: (_q, a) => !!a,
};
