import assert from 'node:assert/strict';
import { eventVersion, fetchedVersion, mayReplace } from './versions';

describe('source versions', () => {
  it('let newer or equal data replace stored data, never older', () => {
    assert.equal(mayReplace(undefined, 1), true);
    assert.equal(mayReplace(1_000, 2_000), true);
    assert.equal(mayReplace(2_000, 2_000), true);
    assert.equal(mayReplace(2_001, 2_000), false);
  });

  it('order an event against a fetch on one millisecond scale', () => {
    assert.equal(eventVersion(1_700_000_000), 1_700_000_000_000);
    assert.equal(fetchedVersion(1_700_000_000_123.7), 1_700_000_000_123);
    assert.equal(mayReplace(fetchedVersion(1_700_000_000_500), eventVersion(1_700_000_000)), false);
  });
});
