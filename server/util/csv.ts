/**
 * RFC 4180 CSV. Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) get a
 * leading `'` (OWASP "CSV injection"): visitors write some of these values, staff open the file.
 * `separator: ';'` is for spreadsheets set up for Norwegian, where `,` is the decimal mark.
 */
export function toCsv<T>(rows: Iterable<T>, columns: [header: string, value: (row: T) => unknown][], { separator = ',' }: { separator?: ',' | ';' } = {}): string {
  const line = (cells: unknown[]) => cells.map((v) => cell(v, separator)).join(separator);
  const lines = [line(columns.map(([h]) => h))];
  for (const row of rows) lines.push(line(columns.map(([, get]) => get(row))));
  return `${lines.join('\r\n')}\r\n`;
}

/** The byte order mark that makes Excel read a CSV file as UTF-8 (without it, æøå come out as mojibake). */
export const UTF8_BOM = '\uFEFF';

function cell(value: unknown, separator: string): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
