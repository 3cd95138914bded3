import { main } from './cli/main.ts';

// `pnpm courses ...` runs this from packages/content; INIT_CWD is where the user typed the command.
const cwd = process.env.INIT_CWD ?? process.cwd();
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd });
