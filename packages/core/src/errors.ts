// The few ways a use-case can refuse. Each door maps them once: REST to
// problem+json, MCP to tool errors. Messages are safe to show to the learner.

export interface Issue {
  path: string;
  message: string;
}

export type DomainErrorKind =
  | 'not_found'
  | 'invalid'
  | 'forbidden'
  | 'conflict'
  | 'locked'
  | 'payment_required'
  | 'unauthenticated'
  | 'unavailable'
  | 'rate_limited';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`${resource} '${id}' was not found`);
  }
}

export class Invalid extends DomainError {
  readonly kind = 'invalid';
  constructor(
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
}

export class Conflict extends DomainError {
  readonly kind = 'conflict';
}

/**
 * A dependency (database, content store) cannot serve right now; retrying later may work.
 * `temporary: false`: this server does not offer the feature at all (retrying will not help).
 */
export class Unavailable extends DomainError {
  readonly kind = 'unavailable';
  readonly temporary: boolean;
  constructor(message: string, options: { temporary?: boolean } = {}) {
    super(message);
    this.temporary = options.temporary ?? true;
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** What must be done before a locked step opens. */
export type Requirement =
  | { type: 'step'; stepId: string; title: string; quizId: string; minScore: number; currentScore: number | null }
  | { type: 'chapter'; chapterId: string; title: string; minCompletion: number; currentCompletion: number };

export class Locked extends DomainError {
  readonly kind = 'locked';
  constructor(
    message: string,
    readonly requirements: Requirement[],
  ) {
    super(message);
  }
}

export class PaymentRequired extends DomainError {
  readonly kind = 'payment_required';
  constructor(
    message: string,
    readonly requiredTier: 'premium' | 'pro',
    readonly chapterId?: string,
  ) {
    super(message);
  }
}

export class Unauthenticated extends DomainError {
  readonly kind = 'unauthenticated';
}

/** Too many requests of a kind for now; `retryAfterSeconds` says when the next one may succeed. */
export class RateLimited extends DomainError {
  readonly kind = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
