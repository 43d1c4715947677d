/**
 * A minimal renderer for the nunjucks subset the Scaffolder skeleton and template.yaml use, with
 * Backstage's `${{ }}` variable delimiters and nunjucks's default `{% %}` block tags:
 * `${{ a.b }}`, `${{ a.b[0] }}`, the filters `dump` (JSON) and `replace("x", "y")`, and
 * `{% if C and C ... %}...{% endif %}`, nested to any depth, where each C is `a.b == "x"` or
 * `"x" in a.b` (an array). Like nunjucks without `trimBlocks`, a tag renders as nothing and the
 * text around it (newlines included) is kept. Anything else throws (other tags, an `if` without
 * its `endif`, a stray `endif`, other conditions or filters), so a skeleton that grows past this
 * subset fails its test instead of rendering wrong.
 */
type Node = string | { cond: string; body: Node[] };

/** Text and `{% %}` tags as a tree of ifs (a stack of open ifs; throws on anything else). */
function parseTags(text: string): Node[] {
  const root: Node[] = [];
  const stack: { cond: string; body: Node[] }[] = [];
  const top = () => (stack.length > 0 ? stack[stack.length - 1].body : root);
  const tag = /\{%-?\s*([\s\S]*?)\s*-?%\}/g;
  let last = 0;
  const textUpTo = (end: number) => {
    const t = text.slice(last, end);
    if (/\{%|%\}/.test(t)) throw new Error(`renderScaffolder: unsupported {% %} tag near '${t.slice(0, 40)}'`);
    if (t) top().push(t);
  };
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    textUpTo(m.index);
    last = m.index + m[0].length;
    if (m[0].startsWith('{%-') || m[0].endsWith('-%}')) throw new Error(`renderScaffolder: unsupported whitespace control in '${m[0]}'`);
    const ifTag = /^if\s+([\s\S]+)$/.exec(m[1]);
    if (ifTag) {
      const node = { cond: ifTag[1], body: [] as Node[] };
      top().push(node);
      stack.push(node);
    } else if (m[1] === 'endif') {
      if (!stack.pop()) throw new Error(`renderScaffolder: '{% endif %}' without an '{% if %}' at offset ${m.index}`);
    } else {
      throw new Error(`renderScaffolder: unsupported {% %} tag '${m[0]}'`);
    }
  }
  textUpTo(text.length);
  if (stack.length > 0) throw new Error(`renderScaffolder: '{% if ${stack[stack.length - 1].cond} %}' has no '{% endif %}'`);
  return root;
}

export function renderScaffolder(text: string, scope: Record<string, unknown>): string {
  const lookup = (path: string): unknown => {
    const parts = path.trim().match(/[A-Za-z_][A-Za-z0-9_]*|\[\d+\]/g) ?? [];
    let v: unknown = scope;
    for (const p of parts) v = (v as Record<string, unknown> | undefined)?.[p.startsWith('[') ? Number(p.slice(1, -1)) : p];
    if (v === undefined) throw new Error(`renderScaffolder: '${path.trim()}' is undefined`);
    return v;
  };
  const condition = (expr: string) => expr.split(/\s+and\s+/).every((c) => {
    const eq = /^\s*([A-Za-z_][\w.]*)\s*==\s*"([^"]*)"\s*$/.exec(c);
    if (eq) return lookup(eq[1]) === eq[2];
    const inArray = /^\s*"([^"]*)"\s+in\s+([A-Za-z_][\w.]*)\s*$/.exec(c);
    if (inArray) {
      const list = lookup(inArray[2]);
      if (!Array.isArray(list)) throw new Error(`renderScaffolder: '${inArray[2]}' in '${c.trim()}' is not an array`);
      return list.includes(inArray[1]);
    }
    throw new Error(`renderScaffolder: unsupported condition '${c.trim()}'`);
  });
  const render = (nodes: Node[]): string => nodes.map((n) => (typeof n === 'string' ? n : condition(n.cond) ? render(n.body) : '')).join('');
  const withIfs = render(parseTags(text));
  return withIfs.replace(/\$\{\{([^}]+)\}\}/g, (_, expr: string) => {
    const [path, ...filters] = expr.split('|');
    let v = lookup(path);
    for (const f of filters.map((x) => x.trim())) {
      const rep = /^replace\("([^"]*)",\s*"([^"]*)"\)$/.exec(f);
      if (f === 'dump') v = JSON.stringify(v);
      else if (rep) v = String(v).split(rep[1]).join(rep[2]);
      else throw new Error(`renderScaffolder: unsupported filter '${f}'`);
    }
    return String(v);
  });
}

/** A step input as the Scaffolder resolves it: a string that is one `${{ x }}` keeps x's type. */
export function resolveInput(value: unknown, scope: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{\{([^}]+)\}\}$/.exec(value.trim());
    if (whole && !whole[1].includes('|')) {
      const parts = whole[1].trim().split('.');
      let v: unknown = scope;
      for (const p of parts) v = (v as Record<string, unknown>)[p];
      return v;
    }
    return renderScaffolder(value, scope);
  }
  if (Array.isArray(value)) return value.map((v) => resolveInput(v, scope));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveInput(v, scope)]));
  return value;
}
