import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Form } from 'react-aria-components';
import { Field } from '../components/Form';
import { ErrorNotice } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { useAuthActions } from '../session';

export function SignIn() {
  useTitle('Sign in');
  const { signIn } = useAuthActions();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <p>Your progress, streak and reviews follow you between this site and ChatGPT.</p>
      <Form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          setBusy(true);
          setError(null);
          try {
            await signIn({ email: String(data.get('email')), password: String(data.get('password')) });
            navigate('/');
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field label="Email" name="email" type="email" autoComplete="email" />
        <Field label="Password" name="password" type="password" autoComplete="current-password" />
        {error !== null && <ErrorNotice error={error} />}
        <Button type="submit" className="button" isDisabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </Form>
      <p>
        <Link to="/account/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to="/account/sign-up">Create an account</Link>.
      </p>
    </section>
  );
}
