/** What every stored object has: its id, its `created` second, and a tie-breaking sequence. */
export interface StoredRecord {
  id: string;
  created: number;
  /** Emulator-wide insertion counter: orders objects created in the same second. */
  seq: number;
}
