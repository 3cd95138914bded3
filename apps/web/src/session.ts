// Who is learning: an account (cookie session), a guest (bearer token in localStorage) or nobody yet.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, authPost, call, guestToken, type Learner } from './api/client';

export const meKey = ['me'] as const;

async function fetchMe(): Promise<Learner | null> {
  const sent = guestToken.get();
  try {
    // The session probe answers 200 for an anonymous visitor (no 401 in the console for nobody).
    return (await call(api.GET('/api/v1/sessions/current'))).learner;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      // An expired or revoked guest token: forget it and carry on anonymously. Only the token this
      // request carried: an anonymous request still in flight when a guest session starts must
      // not wipe the new token.
      if (sent !== null && guestToken.get() === sent) guestToken.clear();
      return null;
    }
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000 });
}

/** Whether the current learner is a guest (a bearer token, no account). */
export const isGuest = () => guestToken.get() !== null;

/** Makes sure a learner exists before an action that records something: starts a guest session if needed. */
export function useEnsureLearner() {
  const client = useQueryClient();
  return async (): Promise<Learner> => {
    const me = await client.fetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000 });
    if (me) return me;
    const session = await call(api.POST('/api/v1/sessions/guest'));
    guestToken.set(session.token);
    client.setQueryData(meKey, session.learner);
    return session.learner;
  };
}

export function useAuthActions() {
  const client = useQueryClient();
  const reset = async () => {
    client.clear();
    await client.fetchQuery({ queryKey: meKey, queryFn: fetchMe });
  };
  return {
    async signUp(input: { name: string; email: string; password: string }) {
      // A guest's token goes along: the server makes the guest's learner (all its progress) the
      // new account's learner and revokes the token. An expired token is ignored (a fresh learner).
      const token = guestToken.get();
      await authPost('sign-up/email', input, token ? { 'x-guest-session': token } : {});
      guestToken.clear();
      await reset();
    },
    async signIn(input: { email: string; password: string }) {
      await authPost('sign-in/email', { ...input, rememberMe: true });
      guestToken.clear();
      await reset();
    },
    async signOut() {
      // Revokes whichever credential this browser holds (cookie session or guest token).
      await call(api.DELETE('/api/v1/sessions/current')).catch(() => undefined);
      guestToken.clear();
      await reset();
    },
    async requestPasswordReset(email: string) {
      await authPost('request-password-reset', { email });
    },
    async deleteAccount() {
      await call(api.DELETE('/api/v1/me'));
      guestToken.clear();
      await reset();
    },
  };
}
