import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorBudgetMinutes } from '../../constructs/monitoring/k8s/burn-rate';
import { catalogUseCases } from '../../lib/use-cases';

/** The README's error-budget table is the live catalog's SLAs (it is about services/, not a fixture). */
const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('| service | availability SLO |'));
// The table's rows: the lines after its header and separator, up to the first line that is not a row.
const body = section.split('\n').slice(2);
const rows = new Map(body.slice(0, body.findIndex((l) => !l.startsWith('| '))).map((l) => {
  const [service, availability, minutes, errorRate, pages] = l.split('|').slice(1, -1).map((c) => c.trim());
  return [service, { availability, minutes, errorRate, pages }] as const;
}));
// Stores whose exporters and AWS metrics have no failed-request counter: no error-rate burn-rate alert.
const NO_ERROR_COUNTER = new Set(['evcache', 'dynomite']);
const useCases = catalogUseCases();

test.each(useCases.map((u) => [u.name, u] as const))('%s: its row is its SLA', (name, u) => {
  const { sla } = u.catalog.entry;
  const page = Number((14.4 * sla.errorRatePercent).toPrecision(6));
  expect(rows.get(name)).toEqual({
    availability: `${sla.availabilityPercent}%`,
    minutes: `${errorBudgetMinutes(sla.availabilityPercent)} min`,
    errorRate: `${sla.errorRatePercent}%`,
    pages: NO_ERROR_COUNTER.has(u.catalog.selection.store) ? expect.stringMatching(/^— \(/) : `${page}%`,
  });
});

test('no row for a service that is not in the catalog', () => {
  expect([...rows.keys()].sort()).toEqual(useCases.map((u) => u.name).sort());
});
