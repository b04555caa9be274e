/**
 * PostgreSQL COPY text format: tab-separated columns, one row per line, `\N`
 * for NULL, and backslash escapes for backslash, tab, newline and carriage
 * return (the only characters that would break the framing).
 */
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function field(value: string | null): string {
  return value === null ? '\\N' : value.replace(/[\\\t\n\r]/g, (c) => escapes[c]!);
}

export type CopyRow = readonly (string | null)[];

export function copyText(rows: readonly CopyRow[]): Buffer {
  let text = '';
  for (const row of rows) text += `${row.map(field).join('\t')}\n`;
  return Buffer.from(text, 'utf8');
}
