import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { CloudFormationValidatePlugin, type CloudFormationValidatePluginProps, type IPolicyValidationContext,
  type PolicyValidationPluginReport, type PolicyViolation } from 'aws-cdk-lib';

/** What one template's validation depends on besides its content, and where results are kept. */
export interface ValidationCacheOptions {
  /** The folder holding one JSON file per (template, key). */
  readonly dir: string;
  /** Everything else the result depends on (code, lockfile, cdk.json, rules): part of every key. */
  readonly key: string;
}

/** How the validator answered this process's templates. */
export interface ValidationStats {
  /** Templates validated by the engine. */
  validated: number;
  /** Templates answered from the cache. */
  cached: number;
  /** Of those validated, how many were sent as the CDK wrote them (`prefetch`), before its `validate` call. */
  prefetched: number;
}

type StackTemplate = IPolicyValidationContext['stackTemplates'][number];

/**
 * AWS's CloudFormation validator (`CloudFormationValidatePlugin`, same props, same reports), with
 * its engine in worker threads that start building it at construction: the engine's start-up
 * (about 2 s of WebAssembly on this machine) then overlaps the main thread's module loading and
 * app building instead of following them. Templates reach the engine as the CDK writes them
 * (`prefetch`); `validate` stays synchronous, as the CDK calls it: it sends what was not sent yet,
 * runs `whileValidating` (the Kubernetes side) and blocks until every report came back.
 *
 * With a cache, each template's result is kept under a hash of its content, its stack, account,
 * region and the cache key; a template seen before is not validated again. Reports are merged
 * exactly as the stock plugin merges them (one violation per rule, severity and description, its
 * resources in template order), so the report is the same whichever templates came from the cache.
 */
export class WorkerValidatePlugin extends CloudFormationValidatePlugin {
  public readonly stats: ValidationStats = { validated: 0, cached: 0, prefetched: 0 };
  private readonly threads: EngineThread[];
  /** Where results are kept (undefined: no cache). Settable, so one started engine can serve several caches. */
  public cache?: ValidationCacheOptions;
  /**
   * Work for this thread while the engines validate (`npm run synth` builds the Kubernetes side
   * here): run once, by the next `validate`, after its templates were sent and before it waits
   * for the answers. It must not throw (the CDK would report a thrown error as a failed plugin).
   */
  public whileValidating?: () => void;
  /** Templates sent by `prefetch`, by path, for the next `validate`. */
  private readonly pending = new Map<string, { readonly key: string; readonly answer: () => PolicyValidationPluginReport }>();
  /** Requests sent, to share them out among the threads in turn. */
  private sent = 0;

  /**
   * @param threads engines, each in its own worker thread; templates are shared out among them in
   * turn (bin/validation/start.ts starts a second one only for a large app).
   */
  constructor(props: CloudFormationValidatePluginProps = {}, cache?: ValidationCacheOptions, threads = 1) {
    super(props);
    this.cache = cache;
    this.threads = Array.from({ length: Math.max(1, threads) }, () => startEngine(props));
  }

  /**
   * Sends one template to the engines as soon as it is written (bin/validation/prefetch.ts calls
   * this from each stack's synthesizer), so they validate while the CDK synthesizes the other
   * stacks. The next `validate` uses the answer when it is asked about the same template (path,
   * stack, account, region and content); otherwise the answer is dropped and it asks again.
   */
  public prefetch(stack: StackTemplate): void {
    const key = this.keyOf(stack);
    if (this.cached(stack, key) !== undefined) return;
    this.pending.set(stack.templatePath, { key, answer: this.ask(stack) });
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // Each template's key, not its text: at 1,206 templates the texts would be 70 MB held until the last answer.
    const results = context.stackTemplates.map((stack) => ({ stack, key: this.keyOf(stack) }));
    const reports: (PolicyValidationPluginReport | undefined)[] = results.map(({ stack, key }) => this.cached(stack, key));
    const misses = results.flatMap((_, i) => (reports[i] === undefined ? [i] : []));
    this.stats.cached += results.length - misses.length;
    // Every template is sent before any answer is awaited, so all the engines work at once.
    const answers = misses.map((i) => {
      const { stack, key } = results[i];
      // The same path (the map's key) and the same key: same stack, account, region and content.
      const sent = this.pending.get(stack.templatePath);
      if (sent?.key === key) {
        this.stats.prefetched++;
        return sent.answer;
      }
      return this.ask(stack);
    });
    this.pending.clear();
    const task = this.whileValidating;
    this.whileValidating = undefined;
    task?.();
    misses.forEach((i, n) => {
      const report = answers[n]();
      this.stats.validated++;
      this.store(results[i].stack, results[i].key, report);
      reports[i] = report;
    });
    return mergeReports(reports as PolicyValidationPluginReport[]);
  }

  /** Sends one template to the next thread in turn; returns the function that waits for its report. */
  private ask(stack: StackTemplate): () => PolicyValidationPluginReport {
    return ask(this.threads[this.sent++ % this.threads.length], { stackTemplates: [stack] });
  }

  /** Stops the workers (the engines' memory goes with them). */
  public dispose(): void {
    for (const t of this.threads) {
      void t.worker.terminate();
      t.port.close();
    }
  }

  /**
   * What a template's result depends on: its content, stack, account, region and file name, and
   * the cache key. It names the template's cache file and matches a prefetched answer.
   */
  private keyOf(stack: StackTemplate): string {
    return createHash('sha256').update(JSON.stringify([this.cache?.key ?? null, stack.stackConstructPath, basename(stack.templatePath),
      stack.accountId ?? null, stack.region ?? null])).update(readFileSync(stack.templatePath, 'utf8')).digest('hex');
  }

  private cached(stack: StackTemplate, key: string): PolicyValidationPluginReport | undefined {
    if (!this.cache) return undefined;
    try {
      const file = join(this.cache.dir, `${key}.json`);
      // Reports name the template by its absolute path, which differs per synth: stored as a placeholder.
      return JSON.parse(readFileSync(file, 'utf8').split(TEMPLATE_PATH).join(JSON.stringify(stack.templatePath).slice(1, -1)));
    } catch {
      return undefined;
    }
  }

  private store(stack: StackTemplate, key: string, report: PolicyValidationPluginReport): void {
    if (!this.cache) return;
    const file = join(this.cache.dir, `${key}.json`);
    mkdirSync(this.cache.dir, { recursive: true });
    const text = JSON.stringify(report).split(JSON.stringify(stack.templatePath).slice(1, -1)).join(TEMPLATE_PATH);
    // Written whole, then renamed: a reader never sees half a file.
    writeFileSync(`${file}.${process.pid}.tmp`, text);
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
}

const TEMPLATE_PATH = '<template path>';

/** One engine's worker thread: requests go through `port`; the worker counts its answers in `flag`. */
interface EngineThread {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flag: Int32Array;
  /** Requests sent (the last request's id). */
  asked: number;
  /** Answers taken off the port. */
  received: number;
  /** Answers taken off the port that nobody waited for yet, by request id. */
  readonly answers: Map<number, Answer>;
}

interface Answer { readonly id: number; readonly report?: PolicyValidationPluginReport; readonly error?: string }

function startEngine(props: CloudFormationValidatePluginProps): EngineThread {
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  // Plain Node (type stripping) runs the worker, no TypeScript loader in the thread. The
  // bootstrap turns a worker that cannot even load into an answer, so `validate` never waits forever.
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { entry: join(__dirname, 'worker.ts'), props, port: port2, signal }, transferList: [port2], execArgv: [] });
  worker.unref();
  port1.unref();
  return { worker, port: port1, flag: new Int32Array(signal), asked: 0, received: 0, answers: new Map() };
}

/**
 * Sends one request to a thread and returns the function that waits for its answer. Answers come
 * in the order asked, each with its request's id; waiting for one keeps those before it for their callers.
 */
function ask(thread: EngineThread, request: { stackTemplates: StackTemplate[] }): () => PolicyValidationPluginReport {
  const id = ++thread.asked;
  thread.port.postMessage({ id, ...request });
  return () => {
    // Wait until the worker counted this answer, for at most ten minutes.
    for (let waited = 0; !thread.answers.has(id); ) {
      if (Atomics.load(thread.flag, 0) > thread.received) {
        const message = receiveMessageOnPort(thread.port)?.message as Answer | undefined;
        if (!message) throw new Error('CloudFormation validation failed: no answer from the worker');
        thread.received++;
        thread.answers.set(message.id, message);
        continue;
      }
      if (waited++ > 600) throw new Error('the CloudFormation validator worker did not answer within 10 minutes');
      Atomics.wait(thread.flag, 0, thread.received, 1000);
    }
    const answer = thread.answers.get(id)!;
    thread.answers.delete(id);
    if (!answer.report) throw new Error(`CloudFormation validation failed: ${answer.error ?? 'no answer from the worker'}`);
    return answer.report;
  };
}

/** Loads worker.ts; if that throws (a syntax error, a Node without type stripping), answers every request with the error. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
try { require(workerData.entry); } catch (e) {
  const flag = new Int32Array(workerData.signal);
  workerData.port.on('message', (request) => {
    workerData.port.postMessage({ id: request.id, error: 'the validator worker did not load: ' + (e && e.stack || e) });
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
}`;

/** One report from per-template reports, as `CloudFormationValidatePlugin.validate` builds it over all templates. */
export function mergeReports(reports: readonly PolicyValidationPluginReport[]): PolicyValidationPluginReport {
  const violations: PolicyViolation[] = [];
  for (const report of reports) {
    for (const v of report.violations) {
      const existing = violations.find((x) => x.ruleName === v.ruleName && x.severity === v.severity && x.description === v.description);
      if (existing) existing.violatingResources.push(...v.violatingResources);
      else violations.push({ ...v, violatingResources: [...v.violatingResources] });
    }
  }
  return { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations };
}
