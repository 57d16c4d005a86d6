// Runs the built `perfectparser` command line as a user runs it, for tests of what it prints and
// how it exits.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BIN } from './serve-process.js';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `perfectparser ...args` (with `env` added to this process's environment) to its end;
 *  resolves with its exit code and output, whatever the code. */
export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
