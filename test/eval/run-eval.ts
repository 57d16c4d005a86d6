// Quality evaluation over ../shared/corpus.
// Usage: npx tsx test/eval/run-eval.ts [--task text-layout|edge-cases|ocr|fields|tables] [--only REGEX] [--json out.json] [--concurrency N]
// Without --task every task runs. Exit code 0 whatever the scores; non-zero only when the harness breaks.
import { execFileSync } from 'node:child_process';
import { corpusDir } from './corpus.js';
import { edgeSummary, formatEdgeCases, runEdgeCases } from './edge-cases.js';
import { fieldsSummary, formatFields, runFields } from './fields.js';
import { writeJson } from './report.js';
import { assertCliPresent, cliPath } from './runner.js';
import { formatOcr, ocrSummary, runOcr } from './ocr.js';
import { formatTables, runTables, tablesSummary } from './tables.js';
import { formatTextLayout, runTextLayout, textLayoutSummary } from './text-layout.js';

const TASKS = ['text-layout', 'edge-cases', 'ocr', 'fields', 'tables'] as const;
type Task = (typeof TASKS)[number];

interface Options {
  tasks: Task[];
  json: string | null;
  concurrency: number;
  /** Only input files whose name matches (tables task). */
  only: RegExp | undefined;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { tasks: [...TASKS], json: null, concurrency: 2, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--task' && value && (TASKS as readonly string[]).includes(value)) {
      options.tasks = [value as Task];
      i++;
    } else if (arg === '--json' && value) {
      options.json = value;
      i++;
    } else if (arg === '--only' && value) {
      options.only = new RegExp(value);
      i++;
    } else if (arg === '--concurrency' && value && Number(value) >= 1) {
      options.concurrency = Math.floor(Number(value));
      i++;
    } else {
      throw new Error(`usage: run-eval.ts [--task ${TASKS.join('|')}] [--json out.json] [--concurrency N] [--only REGEX] (bad argument: ${arg ?? ''})`);
    }
  }
  return options;
}

function toolVersion(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n')[0] ?? '';
  } catch (e) {
    const err = e as { stderr?: string };
    return (err.stderr ?? '').trim().split('\n')[0] ?? 'unavailable';
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const corpus = corpusDir();
  assertCliPresent();
  const started = Date.now();
  const summary: Record<string, unknown> = {
    generatedAt: new Date().toISOString(),
    corpus,
    cli: cliPath,
    cliVersion: toolVersion(process.execPath, [cliPath, '--version']),
    pdftotext: toolVersion('pdftotext', ['-v']),
    concurrency: options.concurrency,
  };
  for (const task of options.tasks) {
    if (task === 'text-layout') {
      const results = await runTextLayout(corpus, options.concurrency);
      console.log(formatTextLayout(results) + '\n');
      summary['textLayout'] = { summary: textLayoutSummary(results), files: results };
    } else if (task === 'ocr') {
      const results = await runOcr(corpus, options.concurrency);
      console.log(formatOcr(results) + '\n');
      summary['ocr'] = { summary: ocrSummary(results), files: results, tesseract: toolVersion('tesseract', ['--version']) };
    } else if (task === 'tables') {
      const results = await runTables(corpus, options.concurrency, options.only);
      console.log(formatTables(results) + '\n');
      summary['tables'] = { summary: tablesSummary(results), files: results };
    } else if (task === 'fields') {
      const results = await runFields(corpus, options.concurrency);
      console.log(formatFields(results) + '\n');
      summary['fields'] = { summary: fieldsSummary(results), files: results };
    } else {
      const results = await runEdgeCases(corpus, options.concurrency);
      console.log(formatEdgeCases(results) + '\n');
      summary['edgeCases'] = { summary: edgeSummary(results), files: results };
    }
  }
  summary['elapsedMs'] = Date.now() - started;
  if (options.json) {
    writeJson(options.json, summary);
    console.log(`summary written to ${options.json}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(2);
});
