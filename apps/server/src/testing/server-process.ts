// The real server (main.ts, or the compiled dist/main.js) in a child process, as an operator runs it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixturesDir } from './test-server.ts';

const tsxLoader = pathToFileURL(path.resolve(import.meta.dirname, '../../../../node_modules/tsx/dist/loader.mjs')).href;
export const mainTs = path.resolve(import.meta.dirname, '../main.ts');
export const mainJs = path.resolve(import.meta.dirname, '../../dist/main.js');

export interface ServerProcess {
  /** Resolves with the base URL once the server prints it; rejects if the process exits first. */
  started: Promise<string>;
  /** The address the process listens on (differs from `started` when PUBLIC_URL is set). */
  listening: Promise<string>;
  exited: Promise<number | null>;
  pid: number;
  output(): { stdout: string; stderr: string };
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts one server process run by node itself (no wrapper process, so a signal reaches the server).
 * `compiled`: plain `node dist/main.js` (build it first); otherwise main.ts through tsx's loader.
 */
export function startServerProcess(env: Record<string, string>, options: { compiled?: boolean } = {}): ServerProcess {
  const args = options.compiled ? ['--enable-source-maps', mainJs] : ['--import', tsxLoader, mainTs];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', CONTENT_DIR: fixturesDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /REST API: (http:\/\/\S+)\/api\/v1/.exec(stdout);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  started.catch(() => undefined); // a caller expecting a failed start awaits `exited` instead
  const listening = started.then(() => /listening: (http:\/\/\S+)/.exec(stdout)![1]!);
  listening.catch(() => undefined);
  return {
    started,
    listening,
    exited,
    pid: child.pid!,
    output: () => ({ stdout, stderr }),
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
