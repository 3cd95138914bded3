// The typed REST client: paths and schemas are generated from contracts/openapi.json
// (`pnpm contracts` regenerates schema.d.ts), so an API change is a type error here.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Outline = Schemas['Outline'];
export type StepView = Schemas['Step'];
export type Learner = Schemas['Learner'];
export type Profile = Schemas['Profile'];
export type Access = Schemas['Access'];
export type OpenAttempt = Schemas['OpenAttempt'];
export type GradedAttempt = Schemas['GradedAttempt'];
export type Question = OpenAttempt['quiz']['questions'][number];
export type QuestionReview = GradedAttempt['review']['questions'][number];
export type Answer = NonNullable<QuestionReview['answer']>;
export type Solution = NonNullable<QuestionReview['solution']>;
export type Problem = Schemas['Problem'];

const GUEST_KEY = 'cc.guest-token';

/** A guest's bearer token (POST /sessions/guest); accounts use the HttpOnly session cookie instead. */
export const guestToken = {
  get(): string | null {
    try {
      return localStorage.getItem(GUEST_KEY);
    } catch {
      return null;
    }
  },
  set(token: string) {
    localStorage.setItem(GUEST_KEY, token);
  },
  clear() {
    localStorage.removeItem(GUEST_KEY);
  },
};

const bearer: Middleware = {
  onRequest({ request }) {
    const token = guestToken.get();
    if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: typeof location === 'undefined' ? '' : location.origin, credentials: 'same-origin' });
api.use(bearer);

/** An RFC 9457 problem answered by the API, with what the UI needs to explain it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
    readonly retryAfterSeconds: number | null,
  ) {
    super(problem.detail ?? problem.title ?? `Request failed (${status})`);
  }
}

function toApiError(error: unknown, response: Response): ApiError {
  const problem = typeof error === 'object' && error !== null ? (error as Partial<Problem>) : {};
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError(response.status, problem, Number.isFinite(retry) && retry > 0 ? retry : null);
}

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: 'The server could not be reached. Check your connection and try again.' }, null);
  }
  if (result.error !== undefined || !result.response.ok) throw toApiError(result.error, result.response);
  return result.data as T;
}

/** POST JSON to a Better Auth endpoint (not part of the OpenAPI document); throws an ApiError. */
export async function authPost(path: string, body: Record<string, unknown>, extraHeaders: Record<string, string> = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`/api/auth/${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { ...extraHeaders, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: 'The server could not be reached.' }, null);
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = typeof json === 'object' && json !== null && 'message' in json && typeof json.message === 'string' ? json.message : undefined;
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, { title: message ?? `Request failed (${res.status})`, detail: message }, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return json;
}
