// The background questionnaire: it feeds personalisation (which notes, which steps, the finish date).
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Checkbox, CheckboxGroup, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useQueryClient } from '@tanstack/react-query';
import { api, call, type Profile } from '../api/client';
import { ErrorNotice, Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { useEnsureLearner, useMe } from '../session';

const experience: [Profile['softwareExperience'], string][] = [
  ['none', 'None: I do not write software'],
  ['beginner', 'Beginner: small scripts'],
  ['intermediate', 'Intermediate: I build applications'],
  ['expert', 'Expert: I build and run production systems'],
];
const maths: [Profile['mathsBackground'], string][] = [
  ['basic', 'Basic: arithmetic and percentages'],
  ['intermediate', 'Intermediate: algebra, some statistics'],
  ['advanced', 'Advanced: linear algebra, probability'],
];
const goals: [Profile['goals'][number], string][] = [
  ['understand', 'Understand how it works'],
  ['build', 'Build with it'],
  ['career', 'Grow my career'],
  ['research', 'Research'],
];
const depths: [Profile['depth'], string][] = [
  ['overview', 'Overview: the essentials'],
  ['standard', 'Standard'],
  ['deep', 'Deep: every optional step'],
];

function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC'];
}

function Choices<T extends string>({ label, value, onChange, options }: { label: string; value: T; onChange: (v: T) => void; options: [T, string][] }) {
  return (
    <RadioGroup className="choices" value={value} onChange={(v) => onChange(v as T)}>
      <Label className="group-label">{label}</Label>
      {options.map(([v, text]) => (
        <Radio key={v} value={v} className="choice">
          <span className="choice-indicator" aria-hidden="true" />
          <span className="choice-text">{text}</span>
        </Radio>
      ))}
    </RadioGroup>
  );
}

export function Onboarding() {
  const me = useMe();
  useTitle('Your background');
  if (me.isPending) return <Loading />;
  return <ProfileForm initial={me.data?.profile ?? null} />;
}

function ProfileForm({ initial }: { initial: Profile | null }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const ensureLearner = useEnsureLearner();
  const [p, setP] = useState<Profile>(
    initial ?? {
      softwareExperience: 'beginner',
      mathsBackground: 'basic',
      goals: ['understand'],
      weeklyMinutes: 120,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
      depth: 'standard',
    },
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Profile>(k: K, v: Profile[K]) => setP((prev) => ({ ...prev, [k]: v }));
  return (
    <section className="narrow">
      <h1>{initial ? 'Your background' : 'Tell us about you'}</h1>
      <p>Four quick questions. Your answers decide which notes you see, which steps are optional for you, and when you will likely finish. Change them any time.</p>
      <Form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await ensureLearner();
            await call(api.PUT('/api/v1/me/profile', { body: p }));
            await client.invalidateQueries();
            navigate('/');
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Choices label="How much software have you written?" value={p.softwareExperience} onChange={(v) => set('softwareExperience', v)} options={experience} />
        <Choices label="Your maths background" value={p.mathsBackground} onChange={(v) => set('mathsBackground', v)} options={maths} />
        <CheckboxGroup className="choices" value={p.goals} onChange={(v) => set('goals', v as Profile['goals'])} isRequired>
          <Label className="group-label">What do you want from the course?</Label>
          {goals.map(([v, text]) => (
            <Checkbox key={v} value={v} className="choice choice-check">
              <span className="choice-indicator" aria-hidden="true" />
              <span className="choice-text">{text}</span>
            </Checkbox>
          ))}
        </CheckboxGroup>
        <Choices label="How deep do you want to go?" value={p.depth} onChange={(v) => set('depth', v)} options={depths} />
        <div className="field">
          <label htmlFor="weekly">Minutes a week you can spend</label>
          <select id="weekly" value={p.weeklyMinutes} onChange={(e) => set('weeklyMinutes', Number(e.target.value))}>
            {[30, 60, 120, 180, 300, 600].map((m) => (
              <option key={m} value={m}>
                {m < 60 ? `${m} minutes` : `${m / 60} hour${m === 60 ? '' : 's'}`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tz">Your time zone (for streaks)</label>
          <select id="tz" value={p.timeZone} onChange={(e) => set('timeZone', e.target.value)}>
            {timeZones().map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </div>
        {error !== null && <ErrorNotice error={error} />}
        <Button type="submit" className="button" isDisabled={busy || p.goals.length === 0}>
          {busy ? 'Saving…' : 'Save'}
        </Button>
      </Form>
    </section>
  );
}
