import type { ReactNode } from 'react';
import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';

/** A labelled text field with its description and validation message (React Aria). */
export function Field({
  label,
  name,
  type = 'text',
  autoComplete,
  description,
  minLength,
  isRequired = true,
  value,
  onChange,
}: {
  label: string;
  name: string;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  description?: ReactNode;
  minLength?: number;
  isRequired?: boolean;
  value?: string;
  onChange?: (v: string) => void;
}) {
  return (
    <TextField
      className="field"
      name={name}
      type={type}
      isRequired={isRequired}
      autoComplete={autoComplete}
      minLength={minLength}
      value={value}
      onChange={onChange}
    >
      <Label>{label}</Label>
      <Input />
      {description && <Text slot="description">{description}</Text>}
      <FieldError className="field-error" />
    </TextField>
  );
}
