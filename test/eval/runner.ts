// Child-process helpers shared by the eval and bench harnesses: run our CLI with peak-RSS
// reporting, run poppler's pdftotext, and a small bounded-concurrency pool.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The checkout root (two levels above test/eval). */
export const repoRoot = path.resolve(here, '..', '..');

/** Absolute path of the preload that reports peak RSS. */
export const rssReporter = path.join(here, 'report-rss.mjs');

/** The CLI entry point (PERFECTPARSER_BIN overrides). */
export const cliPath = process.env['PERFECTPARSER_BIN'] ?? path.join(repoRoot, 'bin', 'perfectparser.js');

/** The Node options the entry point's first line gives Node (`#!/usr/bin/env -S node --opt`),
 *  so the CLI is measured as `npx perfectparser` runs it. */
export function shebangNodeOptions(file: string = cliPath): string[] {
  const first = existsSync(file) ? (readFileSync(file, 'utf8').split('\n', 1)[0] ?? '') : '';
  const m = /^#!\s*\/usr\/bin\/env\s+(?:-S\s+)?node((?:\s+--[^\s]+)*)\s*$/.exec(first);
  return m?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}

/** Outcome of one child process. */
export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
  /** Peak RSS in KiB as reported by report-rss.mjs (null when the child died before reporting). */
  maxRssKb: number | null;
  /** Set when the process could not be started at all. */
  spawnError?: string;
}

interface RunOptions {
  timeoutMs?: number;
  /** Send stdout to /dev/null instead of buffering it. */
  discardStdout?: boolean;
  cwd?: string;
}

/** Runs a command, capturing output and wall time; kills its process group after timeoutMs. */
export function runProcess(command: string, args: string[], options: RunOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      stdio: ['ignore', options.discardStdout ? 'ignore' : 'pipe', 'pipe'],
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let spawnError: string | undefined;
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            killGroup(child.pid);
          }, options.timeoutMs);
    child.on('error', (e) => {
      spawnError = e.message;
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      const rss = /PP_MAX_RSS_KB=(\d+)/.exec(stderr);
      const result: ProcessResult = {
        exitCode: code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: stderr.replace(/\n?PP_MAX_RSS_KB=\d+\n?/, ''),
        ms: performance.now() - started,
        timedOut,
        maxRssKb: rss?.[1] ? Number(rss[1]) : null,
      };
      if (spawnError !== undefined) result.spawnError = spawnError;
      resolve(result);
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Runs `perfectparser parse FILE --json [extra]` under the RSS reporter. */
export function runCli(file: string, extra: string[] = [], options: RunOptions = {}): Promise<ProcessResult> {
  return runProcess(process.execPath, [...shebangNodeOptions(), '--import', rssReporter, cliPath, 'parse', file, '--json', ...extra], options);
}

/** Runs pdftotext (optionally -layout / with a password) and returns its output on stdout. */
export function runPdftotext(file: string, opts: { layout?: boolean; password?: string; timeoutMs?: number } = {}): Promise<ProcessResult> {
  const args: string[] = [];
  if (opts.layout) args.push('-layout');
  if (opts.password !== undefined) args.push('-upw', opts.password);
  args.push(file, '-');
  return runProcess('pdftotext', args, { timeoutMs: opts.timeoutMs ?? 120_000 });
}

/** Maps items through fn with at most `limit` calls in flight; keeps input order. */
export async function mapPool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, () => worker()));
  return results;
}

/** Fails early with a clear message when the CLI entry point is missing. */
export function assertCliPresent(): void {
  if (!existsSync(cliPath)) {
    throw new Error(`CLI not found at ${cliPath} (build it: npx tsc -p tsconfig.build.json)`);
  }
}
