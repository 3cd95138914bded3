// A tiny JSON client for integration tests: one learner's bearer token, real HTTP.
export interface Reply<T = any> {
  status: number;
  type: string;
  body: T;
}

export function client(baseUrl: string, token?: string) {
  const call = async <T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : undefined) as T };
  };
  return {
    get: <T = any>(path: string) => call<T>('GET', path),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body ?? {}, headers),
    put: <T = any>(path: string, body: unknown) => call<T>('PUT', path, body),
    del: <T = any>(path: string) => call<T>('DELETE', path),
  };
}

/** Starts a guest session and returns a client acting as that learner. */
export async function guest(baseUrl: string) {
  const res = await client(baseUrl).post<{ token: string; learner: { id: string } }>('/sessions/guest');
  if (res.status !== 201) throw new Error(`guest session failed: ${res.status}`);
  return { ...client(baseUrl, res.body.token), token: res.body.token, learnerId: res.body.learner.id };
}

export class TestClock {
  constructor(public current: Date) {}
  now = () => new Date(this.current);
  advanceDays(days: number) {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
  set(iso: string) {
    this.current = new Date(iso);
  }
}
