import assert from 'node:assert/strict';
import { DomainError } from '../errors';
import { defaultParams, param, parseDuration, renderTemplate, shouldTrigger, validateParams, type AutomationSpec } from '.';

const schema = {
  subject: param.template('Subject', 'Hello {{profile.email}}'),
  delay: param.duration('Delay', '3 days'),
  url: param.url('Webhook'),
  loud: param.boolean('Loud', false),
};

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DomainError && error.code === 'validation_error');
    return [error.details?.field, error.message];
  }
  assert.fail('expected a validation error');
};

describe('automation params, durations and templates', () => {
  it('fills defaults and keeps what was set before', () => {
    assert.deepEqual(defaultParams(schema), { subject: 'Hello {{profile.email}}', delay: '3 days', url: undefined, loud: false });
    assert.deepEqual(validateParams(schema, { delay: '5 days' }, { loud: true }), { subject: 'Hello {{profile.email}}', delay: '5 days', url: undefined, loud: true });
  });

  it('refuses wrong params, naming the field', () => {
    assert.deepEqual(fieldOf(() => validateParams(schema, {}, { delay: 'soon' })), ['params.delay', 'params.delay: must be a duration like "3 days" or "12 hours"']);
    assert.equal(fieldOf(() => validateParams(schema, {}, { url: 'ftp://x' }))[0], 'params.url');
    assert.equal(fieldOf(() => validateParams(schema, {}, { url: 'https://user:pw@x.example' }))[0], 'params.url');
    assert.equal(fieldOf(() => validateParams(schema, {}, { loud: 'yes' }))[0], 'params.loud');
    assert.equal(fieldOf(() => validateParams(schema, {}, { subject: 'Hi {{secrets.key}}' }))[0], 'params.subject');
    assert.equal(fieldOf(() => validateParams(schema, {}, { colour: 'red' }))[0], 'params.colour');
  });

  it('reads durations as people write them', () => {
    assert.equal(parseDuration('3 days'), 3 * 86_400_000);
    assert.equal(parseDuration('90 minutes'), 90 * 60_000);
    assert.equal(parseDuration('1 week'), 7 * 86_400_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('0 days'), undefined);
    assert.equal(parseDuration('soon'), undefined);
  });

  it('renders traits (dotted keys), nested event properties and the email; missing values are empty', () => {
    const values = { traits: { 'stripe.plan': 'Pro', name: 'Ada' }, event: { amount: 2500, card: { brand: 'visa' } }, profile: { email: 'ada@example.com' } };
    assert.equal(renderTemplate('{{traits.name}} on {{ traits.stripe.plan }}: {{event.amount}} by {{event.card.brand}} to {{profile.email}}{{event.none}}', values),
      'Ada on Pro: 2500 by visa to ada@example.com');
  });

  it('triggers on its event only when on, young enough and passing the filter', () => {
    const spec: AutomationSpec = { id: 'big', version: 1, name: 'Big', description: '', trigger: 'Stripe Charge Failed', params: {}, filter: ({ event }) => Number(event.properties.amount) > 1000 };
    const setting = { projectId: 'p', automationId: 'big', enabled: true, params: {}, testModeEmails: false };
    const now = Date.parse('2026-12-02T12:00:00Z');
    const input = (name: string, amount: number, occurredAt = '2026-12-02T11:00:00Z') => ({
      event: { id: 'pev', name, occurredAt, properties: { amount }, sourceEventId: 'evt' }, profile: { id: 'prof', email: null, traits: {} }, params: {},
    });
    assert.equal(shouldTrigger(spec, setting, input('Stripe Charge Failed', 5000), now), true);
    assert.equal(shouldTrigger(spec, setting, input('Stripe Charge Failed', 500), now), false, 'the filter');
    assert.equal(shouldTrigger(spec, setting, input('Stripe Charge Succeeded', 5000), now), false, 'another event');
    assert.equal(shouldTrigger(spec, { ...setting, enabled: false }, input('Stripe Charge Failed', 5000), now), false, 'switched off');
    assert.equal(shouldTrigger(spec, setting, input('Stripe Charge Failed', 5000, '2026-12-01T11:00:00Z'), now), false, 'older than 24 hours');
    assert.equal(shouldTrigger({ ...spec, filter: () => { throw new Error('bug'); } }, setting, input('Stripe Charge Failed', 5000), now), false, 'a throwing filter starts nothing');
  });
});
