import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Form } from 'react-aria-components';
import { Field } from '../components/Form';
import { ErrorNotice } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { isGuest, useAuthActions } from '../session';

export function SignUp() {
  useTitle('Create an account');
  const { signUp } = useAuthActions();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const guest = isGuest();
  return (
    <section className="narrow">
      <h1>Create an account</h1>
      <p>
        An account keeps your progress on every device and lets you continue in ChatGPT.
        {guest && ' Everything you have done as a guest moves into your new account.'}
      </p>
      <Form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          setBusy(true);
          setError(null);
          try {
            await signUp({ name: String(data.get('name')), email: String(data.get('email')), password: String(data.get('password')) });
            navigate('/onboarding');
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field label="Name" name="name" autoComplete="name" />
        <Field label="Email" name="email" type="email" autoComplete="email" />
        <Field label="Password" name="password" type="password" autoComplete="new-password" minLength={8} description="At least 8 characters." />
        {error !== null && <ErrorNotice error={error} />}
        <Button type="submit" className="button" isDisabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </Button>
      </Form>
      <p>
        By creating an account you agree to the <Link to="/terms">terms</Link>; the <Link to="/privacy">privacy policy</Link> says what
        we keep and why.
      </p>
      <p>
        Already have an account? <Link to="/account/sign-in">Sign in</Link>.
      </p>
    </section>
  );
}
