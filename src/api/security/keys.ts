import type { Encryptor } from '../../security/encryption';
import { UNSUBSCRIBE_KEY_PURPOSE } from '../../security/unsubscribe-token';

/** Keys for what the API signs, each derived from ENCRYPTION_KEY for its own purpose. */
export interface ApiKeys {
  session: Buffer;
  csrf: Buffer;
  oauthState: Buffer;
  /** the key the worker signs emails' unsubscribe links with */
  unsubscribe: Buffer;
}

export const deriveApiKeys = (encryptor: Encryptor): ApiKeys => ({
  session: encryptor.deriveKey('session'),
  csrf: encryptor.deriveKey('csrf'),
  oauthState: encryptor.deriveKey('oauth-state'),
  unsubscribe: encryptor.deriveKey(UNSUBSCRIBE_KEY_PURPOSE),
});
