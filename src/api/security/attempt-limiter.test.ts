import assert from 'node:assert/strict';
import { createAttemptLimiter } from './attempt-limiter';

describe('failed attempts per key in a sliding window', () => {
  const minute = 60_000;
  const perAddress = { limit: 3, windowMs: 10 * minute };
  const perProject = { limit: 5, windowMs: 10 * minute };

  it('lets a key fail up to its limit, then makes it wait until its oldest failure ages out', () => {
    let now = 0;
    const attempts = createAttemptLimiter(() => now);
    const keys = { 'address:a': perAddress };
    for (let i = 0; i < 3; i++) {
      assert.equal(attempts.retryAfterSeconds(keys), 0);
      attempts.recordFailure(keys);
      now += minute;
    }
    assert.equal(attempts.retryAfterSeconds(keys), 7 * 60, 'the first failure ages out 10 minutes after it');
    now = 10 * minute + 1;
    assert.equal(attempts.retryAfterSeconds(keys), 0);
  });

  it('counts each key apart, and refuses when any one of them is over its limit', () => {
    const attempts = createAttemptLimiter(() => 0);
    for (const address of ['a', 'b', 'c', 'd', 'e']) {
      assert.equal(attempts.retryAfterSeconds({ [`address:${address}`]: perAddress, 'project:p': perProject }), 0, address);
      attempts.recordFailure({ [`address:${address}`]: perAddress, 'project:p': perProject });
    }
    assert.ok(attempts.retryAfterSeconds({ 'address:f': perAddress, 'project:p': perProject }) > 0, 'the project has had its 5 failures');
    assert.equal(attempts.retryAfterSeconds({ 'address:f': perAddress, 'project:q': perProject }), 0, 'another project is not affected');
  });
});
