/**
 * RFC 4180 CSV. Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) get a
 * leading `'` (OWASP "CSV injection"): visitors write some of these values, staff open the file.
 */
export function toCsv<T>(rows: Iterable<T>, columns: [header: string, value: (row: T) => unknown][]): string {
  const lines = [columns.map(([h]) => cell(h)).join(',')];
  for (const row of rows) lines.push(columns.map(([, get]) => cell(get(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
