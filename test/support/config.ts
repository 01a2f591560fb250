import { loadConfig, type Config } from '../../src/config';
import { generateEncryptionKey } from '../../src/security/encryption';

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };

/** A valid Config for tests: a fresh ENCRYPTION_KEY, quiet logs; nested groups merge. */
export function testConfig(overrides: DeepPartial<Config> = {}): Config {
  const base = loadConfig({ ENCRYPTION_KEY: generateEncryptionKey(), LOG_LEVEL: 'warn', WORKFLOW_BUNDLE: 'source' });
  return Object.freeze({
    ...base,
    ...overrides,
    temporal: { ...base.temporal, ...overrides.temporal },
    stripe: { ...base.stripe, ...overrides.stripe },
    automations: { ...base.automations, ...overrides.automations },
  }) as Config;
}
