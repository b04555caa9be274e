import { parseArgs } from 'node:util';

export interface IntOption {
  default: number;
  min: number;
  max: number;
  help: string;
}

/**
 * `--name N` integer flags with bounds. A typo or an out-of-range value stops
 * the run before any database is created, with the list of flags.
 */
export function parseIntFlags<K extends string>(
  argv: readonly string[],
  spec: Record<K, IntOption>,
): Record<K, number> {
  const usage = Object.entries<IntOption>(spec)
    .map(([name, o]) => `  --${name} N  ${o.help} (default ${o.default})`)
    .join('\n');
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(Object.keys(spec).map((name) => [name, { type: 'string' as const }])),
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\nFlags:\n${usage}`);
  }
  if (values.help) {
    process.stderr.write(`Flags:\n${usage}\n`);
    process.exit(0);
  }
  const out = {} as Record<K, number>;
  for (const [name, o] of Object.entries<IntOption>(spec)) {
    const raw = values[name];
    const n = typeof raw === 'string' ? Number(raw.replaceAll('_', '')) : o.default;
    if (!Number.isInteger(n) || n < o.min || n > o.max)
      throw new Error(`--${name} must be a whole number in ${o.min}..${o.max}, got ${raw}`);
    out[name as K] = n;
  }
  return out;
}
