/**
 * The CloudFormation validator's thread (bin/validation/plugin.ts starts it): builds the engine
 * as soon as it starts, while the main thread loads modules and builds the apps, then validates
 * the templates it is sent, one call at a time, answering each with its request's id. Plain Node runs this file (type stripping: only
 * erasable TypeScript here, no relative imports).
 */
{
  const { workerData } = require('node:worker_threads');
  const { CloudFormationValidatePlugin } = require('aws-cdk-lib');

  interface Request { readonly id: number; readonly stackTemplates: readonly unknown[] }
  const { props, port, signal } = workerData as { props: unknown; port: import('node:worker_threads').MessagePort; signal: SharedArrayBuffer };
  const flag = new Int32Array(signal);

  function reply(message: unknown): void {
    port.postMessage(message);
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
  }

  let plugin: { validate(context: { readonly stackTemplates: readonly unknown[] }): unknown } | undefined;
  let startError: string | undefined;
  try {
    plugin = new CloudFormationValidatePlugin(props);
    // The engine loads the rules for the resource types it is given and starts again when a template
    // holds a type outside that set. Start it now with every type the built-in rule index names
    // (the rules do not depend on anything else) and accept any template's types from then on:
    // bin/validation/plugin.ts's test compares this with the stock plugin, report for report.
    const engine = plugin as unknown as { initializeEngine(types: Set<string>): unknown; engineResourceTypes: unknown };
    engine.initializeEngine(new Set(ruleTypes()));
    engine.engineResourceTypes = { has: () => true };
  } catch (e) {
    startError = (e as Error).stack ?? String(e);
  }

  port.on('message', (request: Request) => {
    const { id } = request;
    if (startError !== undefined || !plugin) return reply({ id, error: `the validator did not start: ${startError}` });
    try {
      reply({ id, report: plugin.validate({ stackTemplates: request.stackTemplates }) });
    } catch (e) {
      reply({ id, error: (e as Error).stack ?? String(e) });
    }
  });

  /** Every resource type a built-in rule applies to (aws-cdk-lib's core/lib/validation/rules/index.generated.json). */
  function ruleTypes(): string[] {
    const { readFileSync } = require('node:fs');
    const { dirname, join } = require('node:path');
    const index = join(dirname(require.resolve('aws-cdk-lib')), 'core', 'lib', 'validation', 'rules', 'index.generated.json');
    const rules = JSON.parse(readFileSync(index, 'utf8')).rules as { types: string[] | null }[];
    return rules.flatMap((r) => r.types ?? []);
  }
}
