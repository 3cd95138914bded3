// One JSON object per line on stdout/stderr: what log shippers expect.
export type Level = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  debug(msg: string, data?: object): void;
  info(msg: string, data?: object): void;
  warn(msg: string, data?: object): void;
  error(msg: string, data?: object): void;
}

const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export function createLogger(min: Level | 'silent' = 'info'): Logger {
  const emit = (level: Level) => (msg: string, data?: object) => {
    if (order[level] < order[min]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...data });
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = createLogger('silent');
