// Measurement is declared and recorded here; KPIs are computed afterwards from these records.

export type Cell = number | string | boolean | null;
export type Row = Record<string, Cell>;

export class Recorder {
  /** Time-series and per-subject tables, written as `<name>.csv`. */
  readonly tables = new Map<string, Row[]>();
  /** Lifecycle events, written as events.jsonl in the order recorded. */
  readonly events: Record<string, unknown>[] = [];

  row(table: string, row: Row): void {
    let rows = this.tables.get(table);
    if (!rows) {
      rows = [];
      this.tables.set(table, rows);
    }
    rows.push(row);
  }

  event(ev: Record<string, unknown>): void {
    this.events.push(ev);
  }
}
