/**
 * Workflow inputs and message definitions shared by workflows and their callers. Kept free of
 * anything but types and `@temporalio/workflow` definitions so both sides can import it.
 */
import type { SyncKind } from '../domain/sync-run';

export interface StripeSyncInput {
  connectionId: string;
  kind: SyncKind;
  /** Carried across continue-as-new; undefined on the first run. */
  state?: unknown;
}
