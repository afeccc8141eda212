import type { ComponentChildren } from 'preact';

export interface DataTableProps {
  caption: string;
  headers: string[];
  /** One entry per row: its key and its cells, in header order. */
  rows: Array<{ key: string; cells: ComponentChildren[] }>;
}

/** The figures behind a chart, as a table: a screen reader or a spreadsheet can read these. */
export function DataTable({ caption, headers, rows }: DataTableProps) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {headers.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            {r.cells.map((cell, i) => (
              <td key={i}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
