import type { Encryptor } from '../../security/encryption';

/** Keys for what the API signs, each derived from ENCRYPTION_KEY for its own purpose. */
export interface ApiKeys {
  session: Buffer;
  csrf: Buffer;
  oauthState: Buffer;
}

export const deriveApiKeys = (encryptor: Encryptor): ApiKeys => ({
  session: encryptor.deriveKey('session'),
  csrf: encryptor.deriveKey('csrf'),
  oauthState: encryptor.deriveKey('oauth-state'),
});
