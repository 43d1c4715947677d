import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { parseSynthArgs, selectServices } from '../../bin/synth-args';
import { synthesizePlatform } from '../../bin/synth';
import { platform } from '../../config/platform';
import { catalogUseCases } from '../../lib/use-cases';
import { defaultSynth } from '../helpers/default-synth';
import { synthTargets } from '../setup/default-synth';

/**
 * `npm run synth -- --service <name>` (a CI shard): only that service's stacks, charts and
 * reports, each byte-identical to the same file of the full synth (the shared one of this run).
 */
const files = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => !f.startsWith('.synth-out')).sort();
/**
 * Files that describe the whole synth, not one service (the assembly's manifest, tree and
 * validation report, the inventory), and `*.metadata.json`, whose acknowledgements hold the stack
 * trace of the process that built them (absolute paths and call sites: never the same in two
 * programs; creation stack traces are off, cdk.json).
 */
const WHOLE = /^(aws\/(manifest\.json|tree\.json|validation-report\.json|cdk\.out|inventory\.json|.*\.metadata\.json)|catalog\/catalog-info\.yaml)$/;

describe('per-service synth', () => {
  // One service (a full synth each costs seconds): Viewing History, which also has a capacity report.
  test.each([['viewing-history', 'ViewingHistory']])('--service %s: its files only, byte-identical to the full synth', (service, stackPrefix) => {
    const dir = mkdtempSync(join(tmpdir(), `service-${service}-`));
    synthesizePlatform(platform, selectServices(catalogUseCases(), parseSynthArgs(['--service', service]).services), synthTargets(dir));
    const full = defaultSynth().root;
    const mine = files(dir).filter((f) => !WHOLE.test(f) && /\.(json|yaml|svg|md)$/.test(f));
    // Its own stacks and charts are all there, and no other service's.
    const own = (f: string) => f.includes(`/${stackPrefix}-`) || f.includes(`/${service}-`) || f.includes(`/${service}.`) || f.startsWith(`catalog/${service}/`);
    expect(mine.filter((f) => f.endsWith('.template.json') && own(f)).length).toBeGreaterThan(0);
    expect(mine.filter((f) => f.endsWith('.k8s.yaml') && own(f)).length).toBeGreaterThan(0);
    expect(mine).toContain(`topology/${service}.svg`);
    expect(mine).toContain(`aws/capacity/${service}.json`);
    expect(mine.filter((f) => !own(f) && !/\/Network-/.test(f))).toEqual([]);
    expect(files(full).filter((f) => own(f) && !WHOLE.test(f))).toEqual(mine.filter(own));
    // The service's own files are byte-identical. The shared Network stacks are not compared: they
    // carry the outputs their consumers reference, so one service's synth holds only its own
    // (docs/performance.md: a shard is for review and CI, deploy from a full synth).
    for (const f of mine.filter(own)) expect([f, readFileSync(join(dir, f), 'utf8')]).toEqual([f, readFileSync(join(full, f), 'utf8')]);
  });

  test('an unknown service: an Error naming it and listing the known ones', () => {
    expect(() => selectServices(catalogUseCases(), ['viewing-histroy'])).toThrow(/--service "viewing-histroy": no such service in the catalog \(services\/\*\.yaml\)\. Known: .*viewing-history/);
  });

  test.each([[['--service'], /`--service` needs a service name/], [['--services', 'x'], /unknown option "--services"/]])('bad options %j: an Error naming the option', (argv, message) => {
    expect(() => parseSynthArgs(argv)).toThrow(message);
  });

  test('options: repeatable --service, --no-cache', () => {
    expect(parseSynthArgs(['--service', 'a', '--no-cache', '--service', 'b'])).toEqual({ services: ['a', 'b'], cache: false });
    expect(parseSynthArgs([])).toEqual({ services: [], cache: undefined });
  });
});
