import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { StoredRecord } from '../records/stored-record';
import { AccountState, COLLECTION_NAMES, type AccountProfile, type CollectionName } from './account';
import type { ApiKey } from './keys';
import type { EmulatorState, Platform, RefreshGrant, Settings, StripeApp } from './state';

interface Snapshot {
  version: 1;
  now: number;
  clockOffset: number;
  seq: number;
  settings: Settings;
  accounts: { profile: AccountProfile; modes: { livemode: boolean; records: Record<CollectionName, StoredRecord[]> }[] }[];
  platforms: (Omit<Platform, 'connected'> & { connected: string[] })[];
  keys: ApiKey[];
  refreshTokens: RefreshGrant[];
  /** absent in files written before Stripe Apps were emulated */
  apps?: (Omit<StripeApp, 'installed'> & { installed: string[] })[];
}

const listed = (record: StoredRecord) => !(record as { deleted?: boolean }).deleted;

function snapshot(state: EmulatorState): Snapshot {
  return {
    version: 1,
    now: state.clock.now(),
    clockOffset: state.clock.offset,
    seq: state.lastSeq,
    settings: state.settings,
    accounts: [...state.accounts.values()].map((profile) => ({
      profile,
      modes: [...state.datasets()]
        .filter((data) => data.profile === profile)
        .map((data) => {
          const collections = data.collections();
          const records = Object.fromEntries(COLLECTION_NAMES.map((name) => [name, [...collections[name].values()]]));
          return { livemode: data.livemode, records: records as Record<CollectionName, StoredRecord[]> };
        }),
    })),
    platforms: [...state.platforms.values()].map((p) => ({ ...p, connected: [...p.connected] })),
    keys: state.keys.all(),
    refreshTokens: [...state.refreshTokens.values()],
    apps: [...state.apps.values()].map((a) => ({ ...a, installed: [...a.installed] })),
  };
}

function restore(state: EmulatorState, saved: Snapshot): void {
  state.clock.restore(saved.clockOffset, saved.now);
  state.restoreSeq(saved.seq);
  state.settings = { ...state.settings, ...saved.settings };
  for (const { profile, modes } of saved.accounts) {
    const data = modes.map(({ livemode, records }) => {
      const account = new AccountState(profile, livemode);
      const collections = account.collections();
      for (const name of COLLECTION_NAMES) collections[name].addMany(records[name] ?? [], listed);
      return account;
    });
    state.restoreAccount(profile, data);
  }
  for (const platform of saved.platforms) state.platforms.set(platform.accountId, { ...platform, connected: new Set(platform.connected) });
  state.keys.load(saved.keys);
  for (const grant of saved.refreshTokens) state.refreshTokens.set(grant.token, grant);
  for (const app of saved.apps ?? []) state.apps.set(app.clientId, { ...app, installed: new Set(app.installed) });
}

/**
 * Keeps the state in a JSON file, so connected accounts and their data survive a restart:
 * loaded on start, saved a moment after changes (debounced) and on close, each time written
 * to a temporary file and renamed over the old one so a crash never leaves half a file.
 */
export class StatePersistence {
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  /** How long the last snapshot took to serialize: big states are saved less often. */
  private lastSaveMs = 0;

  constructor(
    private readonly state: EmulatorState,
    private readonly file: string,
    private readonly debounceMs = 500,
  ) {}

  /** Loads the file if it exists; returns whether it did. */
  load(): boolean {
    if (!existsSync(this.file)) return false;
    const saved = JSON.parse(readFileSync(this.file, 'utf8')) as Snapshot;
    if (saved.version !== 1) throw new Error(`${this.file}: unknown state file version ${String(saved.version)}`);
    restore(this.state, saved);
    return true;
  }

  scheduleSave(): void {
    if (this.timer) return;
    // Serializing blocks the event loop; keep that under a fifth of the time.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, Math.max(this.debounceMs, this.lastSaveMs * 4));
    this.timer.unref();
  }

  /** Saves now (after any save under way), e.g. on close. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.save();
  }

  private save(): Promise<void> {
    this.saving = this.saving
      .then(async () => {
        const temporary = `${this.file}.${process.pid}.tmp`;
        const started = Date.now();
        const json = JSON.stringify(snapshot(this.state));
        this.lastSaveMs = Date.now() - started;
        await writeFile(temporary, json);
        await rename(temporary, this.file);
      })
      .catch((error: unknown) => console.error(`stripe-emulator: could not save ${this.file}:`, error));
    return this.saving;
  }
}
