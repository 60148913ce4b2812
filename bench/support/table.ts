// Rows of a benchmark as a plain-text table, columns aligned, numbers to the right.

export function formatTable(rows: Record<string, string | number>[]): string {
  if (!rows.length) return "(no rows)";
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: string | number | undefined) =>
    value === undefined ? "" : typeof value === "number" ? formatNumber(value) : value;
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row[column]).length)));
  const line = (values: string[], numeric: boolean[]) =>
    values.map((value, i) => (numeric[i] ? value.padStart(widths[i]) : value.padEnd(widths[i]))).join("  ");
  const header = line(
    columns,
    columns.map(() => false),
  );
  const body = rows.map((row) =>
    line(
      columns.map((column) => cell(row[column])),
      columns.map((column) => typeof row[column] === "number"),
    ),
  );
  return [header, widths.map((width) => "-".repeat(width)).join("  "), ...body].join("\n");
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
}
