import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Form } from 'react-aria-components';
import { Field } from '../components/Form';
import { ErrorNotice } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { useAuthActions } from '../session';

export function ForgotPassword() {
  useTitle('Reset your password');
  const { requestPasswordReset } = useAuthActions();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section className="narrow">
      <h1>Reset your password</h1>
      {sent ? (
        <div className="notice notice-success" role="status">
          <p>If an account uses that address, we sent it a link to choose a new password. The link works once, for 30 minutes.</p>
        </div>
      ) : (
        <Form
          className="form"
          onSubmit={async (e) => {
            e.preventDefault();
            const email = String(new FormData(e.currentTarget).get('email'));
            setBusy(true);
            setError(null);
            try {
              await requestPasswordReset(email);
              setSent(true);
            } catch (err) {
              setError(err);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Field label="Email" name="email" type="email" autoComplete="email" />
          {error !== null && <ErrorNotice error={error} />}
          <Button type="submit" className="button" isDisabled={busy}>
            Send the reset link
          </Button>
        </Form>
      )}
      <p>
        <Link to="/account/sign-in">Back to sign in</Link>
      </p>
    </section>
  );
}
