import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Dialog, DialogTrigger, Heading, Input, Label, Modal, TextField } from 'react-aria-components';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice, Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { isGuest, useAuthActions, useMe } from '../session';

interface SessionUser {
  user?: { name?: string; email?: string };
}

export function Account() {
  useTitle('Your account');
  const me = useMe();
  const guest = isGuest();
  const user = useQuery({
    queryKey: ['me', 'auth-session'],
    queryFn: async (): Promise<SessionUser | null> => {
      const res = await fetch('/api/auth/get-session', { credentials: 'same-origin' });
      return res.ok ? ((await res.json()) as SessionUser | null) : null;
    },
    enabled: !!me.data && !guest,
  });
  const { signOut } = useAuthActions();
  const navigate = useNavigate();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorNotice error={me.error} />;
  if (!me.data) {
    return (
      <section className="narrow">
        <h1>Your account</h1>
        <p>
          You are not signed in. <Link to="/account/sign-in">Sign in</Link> or <Link to="/account/sign-up">create an account</Link>.
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>Your account</h1>
      {guest ? (
        <div className="notice notice-info">
          <p>You are learning as a guest: your progress lives on this device only.</p>
          <p>
            <Link to="/account/sign-up">Create an account</Link> to keep it everywhere, including ChatGPT.
          </p>
        </div>
      ) : (
        <dl className="facts">
          {user.data?.user?.name && (
            <div>
              <dt>Name</dt>
              <dd>{user.data.user.name}</dd>
            </div>
          )}
          {user.data?.user?.email && (
            <div>
              <dt>Email</dt>
              <dd>{user.data.user.email}</dd>
            </div>
          )}
          <div>
            <dt>Plan</dt>
            <dd>{me.data.tier}</dd>
          </div>
        </dl>
      )}
      <h2>Your background</h2>
      <p>
        {me.data.profile
          ? `${me.data.profile.softwareExperience} in software, ${me.data.profile.mathsBackground} maths, ${me.data.profile.weeklyMinutes} minutes a week, ${me.data.profile.timeZone}.`
          : 'Not set yet: everything is shown at the standard level.'}{' '}
        <Link to="/onboarding">{me.data.profile ? 'Edit' : 'Set it now'}</Link>
      </p>
      <h2>Your data</h2>
      <p>
        <a href="/api/v1/me/events/xapi" download="course-companion-xapi.json">
          Download your learning record (xAPI statements)
        </a>{' '}
        and{' '}
        <a href="/api/v1/me/export/notes" download="course-companion-notes.json">
          your bookmarks and notes (JSON)
        </a>
        . The <Link to="/privacy">privacy policy</Link> says what is kept and for how long.
      </p>
      <div className="button-row">
        <Button
          className="button secondary"
          onPress={async () => {
            await signOut();
            navigate('/');
          }}
        >
          Sign out
        </Button>
        <DeleteAccount guest={guest} />
      </div>
    </section>
  );
}

function DeleteAccount({ guest }: { guest: boolean }) {
  const { deleteAccount } = useAuthActions();
  const navigate = useNavigate();
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <DialogTrigger>
      <Button className="button danger">{guest ? 'Delete my guest data' : 'Delete my account'}</Button>
      <Modal className="modal" isDismissable>
        <Dialog className="dialog" role="alertdialog">
          {({ close }) => (
            <>
              <Heading slot="title">Delete everything?</Heading>
              <p>
                This deletes your {guest ? 'guest learner' : 'account'}, your progress, quiz attempts, reviews and streak, here and in
                ChatGPT. It cannot be undone.
              </p>
              <TextField className="field" value={confirm} onChange={setConfirm}>
                <Label>Type DELETE to confirm</Label>
                <Input autoComplete="off" />
              </TextField>
              {error !== null && <ErrorNotice error={error} />}
              <div className="button-row">
                <Button className="button secondary" onPress={close}>
                  Keep my data
                </Button>
                <Button
                  className="button danger"
                  isDisabled={confirm !== 'DELETE' || busy}
                  onPress={async () => {
                    setBusy(true);
                    try {
                      await deleteAccount();
                      close();
                      navigate('/');
                    } catch (e) {
                      setError(e);
                    } finally {
                      setBusy(false);
                    }
                  }}
                >
                  Delete for good
                </Button>
              </div>
            </>
          )}
        </Dialog>
      </Modal>
    </DialogTrigger>
  );
}
