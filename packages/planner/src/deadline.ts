// The adaptive deadline: `baseMs` (10 s); extended to `extendedMs` (20 s, counted from the start)
// only when a well-formed module was parsed from the stream before `extendIfModuleBeforeMs` (9.5 s).

export interface Deadlines {
  baseMs: number;
  extendedMs: number;
  extendIfModuleBeforeMs: number;
}

export const DEFAULT_DEADLINES: Deadlines = { baseMs: 10_000, extendedMs: 20_000, extendIfModuleBeforeMs: 9_500 };

export interface Deadline {
  readonly signal: AbortSignal;
  /** Milliseconds since start, on the monotonic clock. */
  elapsed(): number;
  /** Call when the stream has yielded a well-formed module. */
  moduleParsed(): void;
  readonly extended: boolean;
  stop(): void;
}

export function startDeadline(deadlines: Deadlines, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let firstModuleAt: number | undefined;
  let extended = false;
  const abort = () => controller.abort(new Error('deadline reached'));
  let timer = setTimeout(() => {
    if (firstModuleAt !== undefined && firstModuleAt < deadlines.extendIfModuleBeforeMs) {
      extended = true;
      timer = setTimeout(abort, Math.max(0, deadlines.extendedMs - elapsed()));
    } else abort();
  }, deadlines.baseMs);
  const onOuter = () => abort();
  outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: controller.signal,
    elapsed,
    moduleParsed: () => {
      firstModuleAt ??= elapsed();
    },
    get extended() {
      return extended;
    },
    stop: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}
