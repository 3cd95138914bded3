// One JSON object per line on stdout/stderr: what log shippers expect.
// Every line written while a request is handled carries that request's id (`requestId`), so one
// request's lines can be found together and matched with the X-Request-Id its client saw.
import { AsyncLocalStorage } from 'node:async_hooks';

export type Level = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  debug(msg: string, data?: object): void;
  info(msg: string, data?: object): void;
  warn(msg: string, data?: object): void;
  error(msg: string, data?: object): void;
}

const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** The request being handled, if any (http/request-context.ts enters it). */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** Where lines go: stdout, or stderr for warnings and errors. Tests pass their own. */
export type LogSink = (line: string, level: Level) => void;
const stdSink: LogSink = (line, level) => (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');

export function createLogger(min: Level | 'silent' = 'info', sink: LogSink = stdSink): Logger {
  const emit = (level: Level) => (msg: string, data?: object) => {
    if (order[level] < order[min]) return;
    const requestId = requestContext.getStore()?.requestId;
    const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...(requestId && { requestId }), ...data });
    sink(line, level);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = createLogger('silent');
