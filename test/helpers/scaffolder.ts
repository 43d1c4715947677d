/**
 * A minimal renderer for the nunjucks subset the Scaffolder skeleton and template.yaml use, with
 * Backstage's `${{ }}` delimiters: `${{ a.b }}`, `${{ a.b[0] }}`, the filters `dump` (JSON) and
 * `replace("x", "y")`, and `{% if a == "x" and b == "y" %}...{% endif %}` (not nested). Anything
 * else throws, so a skeleton that grows past this subset fails its test instead of rendering wrong.
 */
export function renderScaffolder(text: string, scope: Record<string, unknown>): string {
  const lookup = (path: string): unknown => {
    const parts = path.trim().match(/[A-Za-z_][A-Za-z0-9_]*|\[\d+\]/g) ?? [];
    let v: unknown = scope;
    for (const p of parts) v = (v as Record<string, unknown> | undefined)?.[p.startsWith('[') ? Number(p.slice(1, -1)) : p];
    if (v === undefined) throw new Error(`renderScaffolder: '${path.trim()}' is undefined`);
    return v;
  };
  const condition = (expr: string) => expr.split(/\s+and\s+/).every((c) => {
    const m = /^\s*([\w.]+)\s*==\s*"([^"]*)"\s*$/.exec(c);
    if (!m) throw new Error(`renderScaffolder: unsupported condition '${c}'`);
    return lookup(m[1]) === m[2];
  });
  const withIfs = text.replace(/\{% if ([^%]+) %\}\n?([\s\S]*?)\{% endif %\}\n?/g, (_, cond: string, body: string) => (condition(cond) ? body : ''));
  if (/\{%/.test(withIfs)) throw new Error('renderScaffolder: unsupported {% %} tag');
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
