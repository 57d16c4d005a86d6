// The `perfectparser` command line. Thin: it validates options and calls the services.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { closeEnginePool } from '../jobs/parse-worker-host.js';
import type { DetectCliOptions, ExtractCliOptions } from './extract-command.js';
import { registerSyncCommand } from './sync-command.js';
import { UsageError } from './usage-error.js';

// Each command's implementation is loaded when it runs: `parse` then never loads the server,
// the store or the export writers (about 80 MB less memory, and a quicker start).
const parseCommands = () => import('./parse-command.js');
const extractCommands = () => import('./extract-command.js');
const serveCommands = () => import('./serve-command.js');

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('It must be a whole number.');
  return Number(value);
}

function positiveInt(value: string): number {
  const n = nonNegativeInt(value);
  if (n < 1) throw new InvalidArgumentError('It must be a number of at least 1.');
  return n;
}

function port(value: string): number {
  const n = nonNegativeInt(value);
  if (n > 65535) throw new InvalidArgumentError('A port is a number from 0 to 65535.');
  return n;
}

/** Builds the command tree; `exit` receives the exit code of whichever command ran. */
export function buildProgram(exit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('perfectparser')
    .description('Parse documents into clean content and structured data, entirely on this machine.')
    .version(packageVersion(), '-v, --version')
    .exitOverride()
    // Commander's own errors (an unknown option, a missing argument) read as the command's others.
    .configureOutput({ outputError: (message, write) => write(`perfectparser: ${message.replace(/^error: /, '')}`) })
    .showHelpAfterError('(run perfectparser --help for usage)');

  program
    .command('parse')
    .description('Parse a file into markdown or layout-preserving text (or the whole parser_run as JSON).')
    .argument('<file>', 'the document to parse')
    .addOption(new Option('--target <target>', 'output format').choices(['markdown', 'spatial']))
    .addOption(new Option('--chunking <strategy>', 'how content is split into chunks').choices(['page', 'document', 'section']))
    .option('--min-chars <n>', 'merge chunks shorter than this', nonNegativeInt)
    .option('--max-chars <n>', 'split chunks longer than this (never inside a word or a table)', positiveInt)
    .addOption(new Option('--tables <format>', 'table output format').choices(['markdown', 'html']))
    .option('--no-figures', 'do not detect figures')
    .option('--figures-dir <dir>', "write figures' pictures (PNG) here (default with --out: NAME_figures beside the output)")
    .option('--no-figure-images', "find figures but write no pictures of them")
    .option('--keep-furniture', 'keep running headers, footers and page numbers in the markdown body')
    .option('--password <password>', 'password of an encrypted PDF')
    .addOption(new Option('--ocr <mode>', 'when to run OCR').choices(['auto', 'force', 'off']))
    .option('--ocr-lang <langs>', 'OCR languages, e.g. eng+deu (English is bundled; others from PERFECTPARSER_TESSDATA)')
    .option('--pages <ranges>', 'only these pages, e.g. 1-3,7')
    .option('--max-file-size <MB>', 'refuse files larger than this (default 500, or PERFECTPARSER_MAX_FILE_SIZE_MB)', positiveInt)
    .option('--json', 'print the whole parser_run as JSON')
    .option('--out <path>', 'write the output to a file instead of standard output')
    .action(async (file: string, options) => {
      exit(await (await parseCommands()).parseCommand(file, options));
    });

  program
    .command('extract')
    .description('Extract fields from files or folders with a parser, invoice2data templates, or a saved parser.')
    .argument('<files...>', 'files or folders to extract from')
    .requiredOption('--parser <parser>', 'a parser JSON file, an invoice2data template file or folder, or a saved parser name')
    .option('--json', 'print {document} or {documents} as JSON (the default)')
    .option('--csv', 'print one CSV row per document (line items as extra rows)')
    .option('--xlsx', 'write an Excel workbook (documents and line items sheets)')
    .addOption(new Option('--line-items <layout>', 'CSV line items: extra rows or a JSON cell').choices(['rows', 'json']))
    .option('--out <path>', 'write the output to a file instead of standard output; each result is kept in PATH.partial.jsonl as it completes')
    .option('--no-resume', 'with --out: extract every file again, instead of reusing the results kept by a run that was stopped')
    .option('--password <password>', 'password of the encrypted PDFs among the files')
    .option('--data-dir <dir>', 'data folder holding saved parsers (default: PERFECTPARSER_DATA_DIR, else the app-data folder)')
    .addHelpText(
      'after',
      `
With --out PATH, each file's result is kept in PATH.partial.jsonl as soon as it is extracted, so
a run that is stopped (Ctrl-C, a kill, a power cut) loses nothing done. Running the same command
again reuses the results of the files unchanged since (same path, size and modification time,
same parser), extracts the others, writes PATH and removes PATH.partial.jsonl. Ctrl-C stops the
run with exit code 130.`,
    )
    .action(async (files: string[], options: ExtractCliOptions) => {
      exit(await (await extractCommands()).extractCommand(files, options));
    });

  program
    .command('detect-fields')
    .description('Propose a parser (fields with names and types) from a sample file, as JSON.')
    .argument('<file>', 'a sample document')
    .option('--name <name>', 'the parser name (default: the file name)')
    .option('--out <path>', 'write the parser JSON to a file')
    .option('--password <password>', 'password of the sample, when it is an encrypted PDF')
    .action(async (file: string, options: DetectCliOptions) => {
      exit(await (await extractCommands()).detectFieldsCommand(file, options));
    });

  program
    .command('serve')
    .description('Serve the desktop UI to a browser, the local /v1 REST API and the job runner on this machine.')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', port, 4780)
    .option('--data-dir <dir>', 'data folder (default: PERFECTPARSER_DATA_DIR, else the app-data folder)')
    .action(async (options: { host: string; port: number; dataDir?: string }) => {
      exit(await (await serveCommands()).serveCommand(options));
    });

  program
    .command('key')
    .description('Print the local API key (PERFECTPARSER_API_KEY when set, else the generated one).')
    .option('--data-dir <dir>', 'data folder (default: PERFECTPARSER_DATA_DIR, else the app-data folder)')
    .action(async (options: { dataDir?: string }) => {
      exit(await (await serveCommands()).keyCommand(options));
    });

  registerSyncCommand(program, exit);
  return program;
}

/** Stops quietly when the reader of our output goes away (`perfectparser parse x | head`). */
function exitOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

/** Runs the CLI with the given arguments and resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  exitOnClosedPipe(process.stdout);
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`perfectparser: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`perfectparser: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await closeEnginePool();
  }
}
