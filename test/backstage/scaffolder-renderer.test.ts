import { renderScaffolder } from '../helpers/scaffolder';

const values = { name: 'watch-later', dataModel: 'search', sizeClass: 'small', regions: ['us-east-1', 'eu-west-1'] };
const render = (text: string) => renderScaffolder(text, { values });

describe('renderScaffolder (the nunjucks subset of the Scaffolder skeleton)', () => {
  test('substitutes ${{ }} with the filters dump and replace', () => {
    expect(render('a: ${{ values.name }}\nb: ${{ values.regions | dump }}\nc: ${{ values.name | replace("-", "_") }}\nd: ${{ values.regions[0] }}\n'))
      .toBe('a: watch-later\nb: ["us-east-1","eu-west-1"]\nc: watch_later\nd: us-east-1\n');
  });

  test('an if renders its body when true and nothing when false; the text around a tag is kept (no trimBlocks)', () => {
    expect(render('x{% if values.dataModel == "search" %}yes{% endif %}z')).toBe('xyesz');
    expect(render('x{% if values.dataModel == "graph" %}yes{% endif %}z')).toBe('xz');
    expect(render('{% if values.dataModel == "search" %}\na: 1\n{% endif %}\n')).toBe('\na: 1\n\n');
  });

  test('and: every condition must hold', () => {
    expect(render('{% if values.dataModel == "search" and values.sizeClass == "small" %}A{% endif %}')).toBe('A');
    expect(render('{% if values.dataModel == "search" and values.sizeClass == "large" %}A{% endif %}')).toBe('');
  });

  test('"x" in array', () => {
    expect(render('{% if "us-east-1" in values.regions %}E{% endif %}{% if "us-west-2" in values.regions %}W{% endif %}')).toBe('E');
    expect(() => render('{% if "x" in values.name %}A{% endif %}')).toThrow(/not an array/);
    expect(() => render('{% if "x" in values.nothing %}A{% endif %}')).toThrow(/undefined/);
  });

  test('nested ifs: an inner if only counts inside a true outer one, and the outer endif closes the outer if', () => {
    const text = [
      '{% if values.dataModel == "search" and values.sizeClass == "small" %}',
      'map:',
      '  {% if "us-east-1" in values.regions %}',
      '  us-east-1: 8',
      '  {% endif %}',
      '  {% if "us-west-2" in values.regions %}',
      '  us-west-2: 10',
      '  {% endif %}',
      'after: 1',
      '{% endif %}',
      '{% if values.dataModel == "graph" %}',
      '{% if "us-east-1" in values.regions %}graph-east{% endif %}',
      '{% endif %}',
      'tail: ${{ values.name }}',
    ].join('\n');
    const out = render(text);
    expect(out).toContain('  us-east-1: 8');
    expect(out).not.toContain('us-west-2');
    expect(out).toContain('after: 1');
    expect(out).not.toContain('graph-east');
    expect(out.endsWith('tail: watch-later')).toBe(true);
  });

  test('a false branch is not rendered, so its substitutions are not looked up', () => {
    expect(render('{% if values.dataModel == "graph" %}${{ values.missing }}{% endif %}ok')).toBe('ok');
    expect(() => render('{% if values.dataModel == "search" %}${{ values.missing }}{% endif %}')).toThrow(/undefined/);
  });

  test.each([
    ['else', '{% if values.name == "a" %}A{% else %}B{% endif %}'],
    ['elif', '{% if values.name == "a" %}A{% elif values.name == "b" %}B{% endif %}'],
    ['for', '{% for r in values.regions %}${{ r }}{% endfor %}'],
    ['set', '{% set x = 1 %}'],
    ['whitespace control', '{%- if values.name == "a" -%}A{% endif %}'],
    ['an if without endif', '{% if values.name == "a" %}A'],
    ['a stray endif', 'A{% endif %}'],
    ['an unclosed tag', '{% if values.name == "a" '],
    ['or', '{% if values.name == "a" or values.name == "b" %}A{% endif %}'],
    ['not', '{% if not values.name == "a" %}A{% endif %}'],
    ['!=', '{% if values.name != "a" %}A{% endif %}'],
    ['a bare value', '{% if values.name %}A{% endif %}'],
    ['a filter it does not know', '${{ values.name | upper }}'],
  ])('throws on what it does not support: %s', (_, text) => {
    expect(() => render(text)).toThrow(/renderScaffolder/);
  });
});
