import assert from 'node:assert/strict';
import { emailIdentity, firstEmailIdentity } from './email';

describe('email identity', () => {
  it('trims, keeps the casing for display and lower-cases the key', () => {
    assert.deepEqual(emailIdentity('  Zoë.Smith@Example.COM\t'), { email: 'Zoë.Smith@Example.COM', emailKey: 'zoë.smith@example.com' });
  });

  it('has no identity for absent, empty or blank emails', () => {
    for (const raw of [null, undefined, '', '   ']) assert.equal(emailIdentity(raw), null);
  });

  it('takes the first candidate that has an identity', () => {
    assert.equal(firstEmailIdentity(null, ' ', 'b@x.io')?.emailKey, 'b@x.io');
    assert.equal(firstEmailIdentity(null, undefined), null);
  });
});
