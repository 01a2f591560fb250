import assert from 'node:assert/strict';
import { createEncryptor, generateEncryptionKey } from './encryption';

describe('encryption at rest', () => {
  const encryptor = createEncryptor(generateEncryptionKey());

  it('round-trips a secret and never stores it in clear', () => {
    const sealed = encryptor.encrypt('sk_test_secret');
    assert.ok(!sealed.includes('sk_test_secret'));
    assert.match(sealed, /^v1\./);
    assert.equal(encryptor.decrypt(sealed), 'sk_test_secret');
  });

  it('refuses a tampered ciphertext', () => {
    const parts = encryptor.encrypt('rk_live_abc').split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] ^= 1;
    parts[3] = body.toString('base64url');
    assert.throws(() => encryptor.decrypt(parts.join('.')));
  });

  it('cannot be read with another key', () => {
    const other = createEncryptor(generateEncryptionKey());
    assert.throws(() => other.decrypt(encryptor.encrypt('x')));
  });
});
