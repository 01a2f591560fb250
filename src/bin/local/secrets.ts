import fs from 'node:fs';
import path from 'node:path';
import { generateEncryptionKey } from '../../security/encryption';

/** What the local demo generates once and reuses on every start; kept in a 0600 file under .data/. */
export interface LocalSecrets {
  encryptionKey: string;
  emulatorPlatform?: { accountId: string; clientId: string; secretKey: string; publishableKey: string };
  /** the demo's Stripe App, on the platform's account */
  emulatorApp?: { clientId: string };
  webhookSecret?: string;
  demoAccountId?: string;
  demoProject?: { id: string; apiKey: string };
  /** automations switched on for the demo project once (so one switched off later stays off) */
  demoAutomations?: string[];
}

export function loadLocalSecrets(dataDir: string): { secrets: LocalSecrets; save: () => void } {
  const file = path.join(dataDir, 'local-secrets.json');
  const secrets: LocalSecrets = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as LocalSecrets)
    : { encryptionKey: generateEncryptionKey() };
  const save = () => {
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, file);
    fs.chmodSync(file, 0o600);
  };
  save();
  return { secrets, save };
}
