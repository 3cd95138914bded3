// Operator commands for learners. There is no payment flow: an operator sets tiers here.
//   pnpm learners show <learner-id>
//   pnpm learners set-tier <learner-id> <free|premium|pro>
//   pnpm learners reset-attempts <learner-id> <course-id> <quiz-id>
//   pnpm learners export-xapi <learner-id> [--out FILE] [--push LRS_URL]
// Uses the same configuration as the server (DATABASE_URL or DATA_DIR, ...).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getLearner, isDomainError, resetAttempts, setTier, Tier, toXapiStatements, type AttemptsReset, type LearningEvent, type XapiStatement } from '@cc/core';
import { DataDirInUseError } from '@cc/db';
import { ADMIN_BASE_PATH } from '../admin/routes.ts';
import { compose, type Runtime } from '../compose.ts';
import { createDemo } from './demo.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

const usage = `usage:
  pnpm learners create-demo [--email EMAIL] [--password PASSWORD] [--tier free|premium|pro] [--course COURSE]
      a demo account (default demo@coursecompanion.dev, premium) with the first chapter done;
      prints the password when it generates one; an existing account keeps its progress
  pnpm learners show <learner-id>
  pnpm learners set-tier <learner-id> <free|premium|pro>
  pnpm learners reset-attempts <learner-id> <course-id> <quiz-id>
      opens a new round of the quiz's max_attempts at once (attempts and scores stay on record)
      show, set-tier and reset-attempts go through the running server's admin API (audited) when
      ADMIN_TOKEN is set (at ADMIN_URL, default PUBLIC_URL or http://HOST:PORT), else open the
      database directly
  pnpm learners export-xapi <learner-id> [--out FILE] [--push LRS_URL]
      --push posts the statements to an LRS (xAPI 1.0.3, POST <LRS_URL>/statements in batches of 100);
      credentials from XAPI_LRS_AUTH ("user:password" for Basic auth, or a bearer token)`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function allEvents(runtime: Runtime, learnerId: string): Promise<LearningEvent[]> {
  const events: LearningEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await runtime.learning.store.listEvents(learnerId, { limit: 500, ...(after && { after }) });
    events.push(...page);
    if (page.length < 500) return events;
    after = page.at(-1)!.id;
  }
}

export async function pushStatements(lrs: string, statements: XapiStatement[], auth: string | undefined): Promise<number> {
  const endpoint = lrs.replace(/\/+$/, '') + '/statements';
  const authorization = auth === undefined ? undefined : auth.includes(':') ? `Basic ${Buffer.from(auth).toString('base64')}` : `Bearer ${auth}`;
  let sent = 0;
  for (let i = 0; i < statements.length; i += 100) {
    const batch = statements.slice(i, i + 100);
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-experience-api-version': '1.0.3',
        ...(authorization && { authorization }),
      },
      body: JSON.stringify(batch),
      signal: AbortSignal.timeout(30_000),
    });
    // Statement ids are derived from event ids, so a re-push conflicts harmlessly (409) at most.
    if (!res.ok && res.status !== 409) throw new Error(`the LRS answered ${res.status} ${res.statusText}: ${(await res.text()).slice(0, 300)}`);
    sent += batch.length;
  }
  return sent;
}

type AdminCommand = 'show' | 'set-tier' | 'reset-attempts';

/** Method, path under the learner and body of each command on the admin API. */
function adminRequest(command: AdminCommand, rest: string[]): { method: string; path: string; body?: unknown } {
  if (command === 'set-tier') return { method: 'PUT', path: '/tier', body: { tier: rest[0] } };
  if (command === 'reset-attempts') {
    const [courseId = '', quizId = ''] = rest;
    return { method: 'POST', path: `/courses/${encodeURIComponent(courseId)}/quizzes/${encodeURIComponent(quizId)}/reset-attempts` };
  }
  return { method: 'GET', path: '' };
}

/**
 * `show`, `set-tier` and `reset-attempts` through the running server's admin API (ADMIN_TOKEN
 * set): the way that works while the server holds the embedded database, and the server audits
 * the change. Returns undefined when no server answers (then the command opens the database itself).
 */
async function viaAdminApi(command: AdminCommand, learnerId: string, rest: string[], io: Io): Promise<number | undefined> {
  const config = loadConfig(io.env);
  if (!config.ADMIN_TOKEN) return undefined;
  const base = (config.ADMIN_URL ?? config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`).replace(/\/+$/, '');
  const request = adminRequest(command, rest);
  const url = `${base}${ADMIN_BASE_PATH}/learners/${learnerId}${request.path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${config.ADMIN_TOKEN}`,
        'content-type': 'application/json',
        ...(/^[\w.@-]{1,64}$/.test(io.env.USER ?? '') && { 'x-admin-actor': io.env.USER! }),
      },
      ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return undefined; // no server there: work on the database directly
  }
  const text = await res.text();
  if (!res.ok) {
    const detail = (() => {
      try {
        return (JSON.parse(text) as { detail?: string }).detail;
      } catch {
        return undefined;
      }
    })();
    io.err(`the server at ${base} answered ${res.status}: ${detail ?? text.slice(0, 200)}`);
    return 1;
  }
  if (command === 'reset-attempts') {
    io.out(`${resetLine(JSON.parse(text) as AttemptsReset)} (through the running server)`);
    return 0;
  }
  const learner = JSON.parse(text) as { id: string; tier: string };
  io.out(command === 'show' ? JSON.stringify(learner, null, 2) : `learner ${learner.id} is now ${learner.tier} (through the running server)`);
  return 0;
}

function resetLine(reset: AttemptsReset): string {
  const left = reset.attemptsRemaining === null ? 'unlimited attempts' : `${reset.attemptsRemaining} attempts`;
  return `learner ${reset.learnerId} has ${left} at ${reset.courseId}/${reset.quizId} again (reset at ${reset.at})`;
}

function flag(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function demo(args: string[], io: Io): Promise<number> {
  const email = flag(args, '--email') ?? 'demo@coursecompanion.dev';
  const tier = Tier.safeParse(flag(args, '--tier') ?? 'premium');
  const password = flag(args, '--password');
  const courseId = flag(args, '--course');
  if (!tier.success) {
    io.err(`the tier must be one of: ${Tier.options.join(', ')}`);
    return 2;
  }
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    io.err(`'${email}' is not an email address`);
    return 2;
  }
  if (password !== undefined && password.length < 10) {
    io.err('the password needs at least 10 characters');
    return 2;
  }
  let runtime: Runtime | undefined;
  try {
    runtime = await compose(loadConfig(io.env), createLogger('warn'));
    const account = await createDemo(runtime, { email, tier: tier.data, ...(password && { password }), ...(courseId && { courseId }) });
    io.out(`${account.created ? 'created' : 'exists'}: ${account.email} (learner ${account.learnerId}, ${tier.data})`);
    if (account.password) io.out(`password: ${account.password}`);
    io.out(`progress: ${account.progress}`);
    io.out(`sign in at ${runtime.publicUrl}/login`);
    return 0;
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    await runtime?.close();
  }
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, learnerId, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    io.out(usage);
    return command ? 0 : 2;
  }
  if (command === 'create-demo') return demo(argv.slice(1), io);
  if (!['show', 'set-tier', 'reset-attempts', 'export-xapi'].includes(command) || !learnerId) {
    io.err(usage);
    return 2;
  }
  if (!UUID.test(learnerId)) {
    io.err(`'${learnerId}' is not a learner id (a UUID)`);
    return 2;
  }
  if (command === 'set-tier' && !Tier.safeParse(rest[0]).success) {
    io.err(`the tier must be one of: ${Tier.options.join(', ')}`);
    return 2;
  }
  let runtime: Runtime | undefined;
  try {
    if (command === 'reset-attempts' && (!rest[0] || !rest[1])) {
      io.err(usage);
      return 2;
    }
    if (command === 'show' || command === 'set-tier' || command === 'reset-attempts') {
      const answered = await viaAdminApi(command, learnerId, rest, io);
      if (answered !== undefined) return answered;
    }
    runtime = await compose(loadConfig(io.env), createLogger('warn'));
    if (command === 'show') {
      io.out(JSON.stringify(await getLearner(runtime.learning, learnerId), null, 2));
      return 0;
    }
    if (command === 'set-tier') {
      const tier = Tier.safeParse(rest[0]);
      if (!tier.success) {
        io.err(`the tier must be one of: ${Tier.options.join(', ')}`);
        return 2;
      }
      const learner = await setTier(runtime.learning, learnerId, tier.data);
      io.out(`learner ${learner.id} is now ${learner.tier}`);
      return 0;
    }
    if (command === 'reset-attempts') {
      const [courseId, quizId] = rest;
      if (!courseId || !quizId) {
        io.err(usage);
        return 2;
      }
      io.out(resetLine(await resetAttempts(runtime.learning, learnerId, courseId, quizId)));
      return 0;
    }
    await getLearner(runtime.learning, learnerId);
    const statements = toXapiStatements(await allEvents(runtime, learnerId), {
      activityBase: `${runtime.publicUrl}/xapi/activities`,
      accountHomePage: runtime.publicUrl,
      platform: 'Course Companion',
    });
    const outAt = rest.indexOf('--out');
    const pushAt = rest.indexOf('--push');
    if (outAt >= 0) {
      const file = rest[outAt + 1];
      if (!file) throw new Error('--out needs a file name');
      await writeFile(file, JSON.stringify(statements, null, 2) + '\n');
      io.out(`wrote ${statements.length} statements to ${file}`);
    }
    if (pushAt >= 0) {
      const lrs = rest[pushAt + 1];
      if (!lrs || !/^https?:\/\//.test(lrs)) throw new Error('--push needs the LRS base URL (http:// or https://)');
      io.out(`pushed ${await pushStatements(lrs, statements, io.env.XAPI_LRS_AUTH)} statements to ${lrs}`);
    }
    if (outAt < 0 && pushAt < 0) io.out(JSON.stringify(statements, null, 2));
    return 0;
  } catch (e) {
    io.err(e instanceof ConfigError || isDomainError(e) || e instanceof Error ? e.message : String(e));
    if (e instanceof DataDirInUseError) {
      io.err('the server is running on this data directory: set ADMIN_TOKEN (the same value as the server\'s) to make the change through it');
    }
    return 1;
  } finally {
    await runtime?.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const code = await main(process.argv.slice(2), {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    env: process.env,
  });
  process.exit(code);
}
