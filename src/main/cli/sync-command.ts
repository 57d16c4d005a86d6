// `perfectparser sync …`: connect to the hosted PerfectParser service, see the connection and
// its request log, push and pull parsers, and run a batch in the cloud. Thin: the app's sync
// service does the work (the key lives in `<data dir>/secrets/`, readable only by this user).
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { ApiError } from '../../shared/api/errors.js';
import { DEFAULT_SYNC_BASE_URL } from '../../shared/rpc-contract.js';
import type { App } from '../services/app.js';
import type { JobSummaryRow } from '../store/queries/jobs.js';
import { openDataFolder } from './data-folder.js';
import { UsageError } from './usage-error.js';

interface DataDirOption {
  dataDir?: string;
}

const FINISHED = ['completed', 'failed', 'partial'];

async function withApp<T>(dataDir: string | undefined, task: (app: App) => Promise<T>): Promise<T> {
  const app = await openDataFolder(dataDir, { runJobs: false });
  try {
    return await task(app);
  } finally {
    await app.close({ abort: true });
  }
}

/** Reads the key from standard input (not echoed: it is piped, never typed at a prompt). */
async function keyFromStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('Give the API key with --key, PERFECTPARSER_SYNC_KEY, or on standard input (echo KEY | perfectparser sync login).');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.trim();
}

/** An ApiError's sentence on stderr and exit 1; anything else goes on up. */
async function reported(task: () => Promise<number>): Promise<number> {
  try {
    return await task();
  } catch (err) {
    if (err instanceof ApiError) {
      process.stderr.write(`perfectparser: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Registers `sync` and its subcommands; `exit` receives each one's exit code. */
export function registerSyncCommand(program: Command, exit: (code: number) => void): void {
  const sync = program.command('sync').description('Optional sync with the hosted PerfectParser service (off until you log in).');
  const dataDir = () => new Option('--data-dir <dir>', 'data folder (default: PERFECTPARSER_DATA_DIR, else the app-data folder)');

  sync
    .command('login')
    .description('Verify an API key with GET /v1/me, store it (readable only by you) and turn sync on.')
    .option('--url <url>', 'the hosted service', DEFAULT_SYNC_BASE_URL)
    .option('--key <key>', 'the API key (else PERFECTPARSER_SYNC_KEY, else standard input)')
    .addOption(dataDir())
    .action(async (o: DataDirOption & { url: string; key?: string }) => {
      exit(
        await reported(async () => {
          const key = (o.key ?? process.env['PERFECTPARSER_SYNC_KEY'] ?? (await keyFromStdin())).trim();
          if (key.length < 8) throw new UsageError('That does not look like an API key: paste the whole key from your PerfectParser account.');
          try {
            new URL(o.url);
          } catch {
            throw new UsageError(`--url must be an http or https URL, not "${o.url}".`);
          }
          return withApp(o.dataDir, async (app) => {
            const status = await app.sync.connect({ base_url: o.url, api_key: key });
            print(`Connected to ${status.base_url} as ${status.account?.name ?? 'unknown'}${status.account?.email ? ` <${status.account.email}>` : ''}.`);
            print(`Credits: ${status.credits_available ?? 'unlimited'}. The key is stored in ${app.dataDir}/secrets (readable only by you).`);
            return 0;
          });
        }),
      );
    });

  sync
    .command('status')
    .description('Show whether sync is on, the account and its credits (asks the service only when on).')
    .option('--json', 'print the status as JSON')
    .addOption(dataDir())
    .action(async (o: DataDirOption & { json?: boolean }) => {
      exit(
        await reported(() =>
          withApp(o.dataDir, async (app) => {
            const s = await app.sync.status();
            if (o.json) print(JSON.stringify(s, null, 2));
            else if (!s.enabled) print('Sync is off: nothing is sent anywhere. Turn it on with `perfectparser sync login`.');
            else {
              print(`Sync is on: ${s.base_url}, account ${s.account?.name ?? '?'} (${s.account?.user_id ?? '?'}), key "${s.account?.key_name ?? '?'}".`);
              print(`Credits: ${s.credits_available ?? 'unlimited'}.`);
              if (s.last_error) print(`Last problem: ${s.last_error}`);
            }
            return 0;
          }),
        ),
      );
    });

  sync
    .command('logout')
    .description('Turn sync off and forget the key.')
    .addOption(dataDir())
    .action(async (o: DataDirOption) => {
      exit(
        await reported(() =>
          withApp(o.dataDir, async (app) => {
            await app.sync.disconnect();
            print('Sync is off and the key is forgotten.');
            return 0;
          }),
        ),
      );
    });

  sync
    .command('log')
    .description('List the requests sync sent (newest first): when, what, sizes, answer.')
    .option('--limit <n>', 'how many', (v) => Number(v), 50)
    .option('--json', 'print as JSON')
    .addOption(dataDir())
    .action(async (o: DataDirOption & { limit: number; json?: boolean }) => {
      exit(
        await reported(() =>
          withApp(o.dataDir, async (app) => {
            if (!Number.isInteger(o.limit) || o.limit < 1 || o.limit > 500) throw new UsageError('--limit must be a whole number from 1 to 500.');
            const page = await app.sync.log({ limit: o.limit });
            if (o.json) print(JSON.stringify(page.items, null, 2));
            else if (page.items.length === 0) print('No requests were sent.');
            else
              for (const e of page.items) {
                print(`${e.at}  ${e.method.padEnd(6)} ${e.path}  ${e.status ?? '---'}  sent ${e.request_bytes} B  received ${e.response_bytes} B  ${e.duration_ms} ms${e.error ? `  ${e.error}` : ''}`);
              }
            return 0;
          }),
        ),
      );
    });

  sync
    .command('push-parser')
    .description('Send a local parser to the hosted account (updated when one has its name, else created).')
    .argument('<parser>', 'the parser name or id')
    .addOption(dataDir())
    .action(async (ref: string, o: DataDirOption) => {
      exit(
        await reported(() =>
          withApp(o.dataDir, async (app) => {
            const parser = await findLocalParser(app, ref);
            const pushed = await app.sync.pushParser(parser.parser_id);
            print(`${pushed.action === 'created' ? 'Created' : 'Updated'} "${parser.name}" on the hosted account (${pushed.remote_parser_id}).`);
            return 0;
          }),
        ),
      );
    });

  sync
    .command('pull-parsers')
    .description('Copy the hosted account’s parsers into the local store (updated by name, else created).')
    .addOption(dataDir())
    .action(async (o: DataDirOption) => {
      exit(
        await reported(() =>
          withApp(o.dataDir, async (app) => {
            const { parsers } = await app.sync.pullParsers();
            if (parsers.length === 0) print('The hosted account has no parsers.');
            for (const p of parsers) print(`${p.action === 'created' ? 'Created' : 'Updated'} "${p.name}" (${p.parser_id}).`);
            return 0;
          }),
        ),
      );
    });

  sync
    .command('run')
    .description('Process files in the cloud with a local parser, wait, and export the results.')
    .argument('<files...>', 'files or folders')
    .requiredOption('--parser <parser>', 'a saved parser name or id (pushed to the hosted account first)')
    .option('--json', 'print the results as JSON (the default)')
    .option('--csv', 'print one CSV row per document')
    .option('--xlsx', 'write an Excel workbook (give --out)')
    .option('--out <path>', 'write the export to a file instead of standard output')
    .addOption(dataDir())
    .action(async (inputs: string[], o: DataDirOption & OutputOptions & { parser: string }) => {
      exit(await reported(() => runInCloud(inputs, o)));
    });

  sync
    .command('resume')
    .description('Continue a cloud batch stopped by a network loss, a refused key or missing credits (nothing is charged twice), wait, and export.')
    .argument('<job>', 'the job id (ext_…) printed when it stopped')
    .option('--json', 'print the results as JSON (the default)')
    .option('--csv', 'print one CSV row per document')
    .option('--xlsx', 'write an Excel workbook (give --out)')
    .option('--out <path>', 'write the export to a file instead of standard output')
    .addOption(dataDir())
    .action(async (jobId: string, o: DataDirOption & OutputOptions) => {
      exit(
        await reported(async () => {
          checkOutput(o);
          return withApp(o.dataDir, async (app) => followAndExport(app, await app.sync.resume(jobId), o));
        }),
      );
    });
}

interface OutputOptions {
  json?: boolean;
  csv?: boolean;
  xlsx?: boolean;
  out?: string;
}

function checkOutput(o: OutputOptions): void {
  if ([o.json, o.csv, o.xlsx].filter(Boolean).length > 1) throw new UsageError('Choose one of --json, --csv and --xlsx.');
  if (o.xlsx && !o.out && process.stdout.isTTY) throw new UsageError('--xlsx writes a binary file: give --out PATH (or redirect the output).');
}

async function findLocalParser(app: App, ref: string) {
  const found = await app.store.call('findParser', { ref });
  if (!found) throw new UsageError(`No saved parser is named "${ref}" (or has that id).`);
  return found;
}

async function runInCloud(inputs: string[], o: DataDirOption & OutputOptions & { parser: string }): Promise<number> {
  checkOutput(o);
  const { expandInputs, ExtractInputError } = await import('../services/extract-files.js');
  const { documentsFromPaths } = await import('../sync/intake.js');
  let files: string[];
  try {
    files = await expandInputs(inputs);
  } catch (err) {
    if (err instanceof ExtractInputError) throw new UsageError(err.message);
    throw err;
  }
  return withApp(o.dataDir, async (app) => {
    const parser = await findLocalParser(app, o.parser);
    const documents = await documentsFromPaths(files, app.maxFileSize);
    return followAndExport(app, await app.sync.process({ parser_id: parser.parser_id, documents }), o);
  });
}

/** Shows a remote job's progress on stderr until it finishes (or stops), then exports it. */
async function followAndExport(app: App, started: JobSummaryRow, o: OutputOptions): Promise<number> {
  let job = started;
  const tty = process.stderr.isTTY;
  let shown = '';
  for (;;) {
    const line = `Cloud batch ${job.extraction_id}: ${job.document_summary.completed + job.document_summary.failed}/${job.document_summary.total} documents done`;
    if (line !== shown) {
      process.stderr.write(tty ? `\r${line}…` : `${line}\n`);
      shown = line;
    }
    if (FINISHED.includes(job.status) || job.sync_error) break;
    await new Promise((r) => setTimeout(r, 500));
    job = (await app.store.call('jobSummary', { extraction_id: job.extraction_id }))!;
  }
  if (tty) process.stderr.write('\n');
  if (job.sync_error) {
    process.stderr.write(`perfectparser: ${job.sync_error}\nResume it with \`perfectparser sync resume ${job.extraction_id}\`: it keeps its place and nothing is charged twice.\n`);
    return 1;
  }
  const format = o.csv ? 'csv' : o.xlsx ? 'xlsx' : 'json';
  const target = await app.services.exports.extraction(job.extraction_id, { format, line_items: 'rows' });
  const out: Writable = o.out ? createWriteStream(o.out) : process.stdout;
  await target.write(out);
  // The export ends the stream it writes to.
  if (o.out) await finished(out);
  return job.status === 'completed' ? 0 : 1;
}
