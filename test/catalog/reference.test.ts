import { readFileSync } from 'node:fs';
import { BEGIN, END, README, catalogReference } from '../../scripts/catalog-reference';

describe('services/README.md', () => {
  const text = readFileSync(README, 'utf8');

  test('its field reference is the one the schemas give (npx tsx scripts/catalog-reference.ts rewrites it)', () => {
    expect(text.slice(text.indexOf(BEGIN), text.indexOf(END) + END.length)).toBe(catalogReference());
  });

  test('the reference lists the limits of the EVCache table, e.g. the port and the item size', () => {
    expect(catalogReference()).toContain('| `aws.port` | integer |  | >= 1024, <= 65535 |');
    expect(catalogReference()).toContain('| `aws.parameters.maxItemSizeKiB` | integer |  | >= 1024, <= 131072 |');
  });
});
