import { ControlError } from '../errors';
import { definedOnly } from '../defined';
import type { DeliveryConfig } from '../webhooks/delivery-config';
import { optionalBool, optionalNumber, optionalRatio, type JsonBody } from './input';
import type { ControlRoute } from './router';

const MAX_COPIES = 100;

function readReorder(body: JsonBody): DeliveryConfig['reorder'] | undefined {
  if (body.reorder === 'reverse') return 'reverse';
  if (typeof body.reorder === 'string') throw new ControlError(400, '"reorder" must be true, false or "reverse".');
  return optionalBool(body, 'reorder');
}

function readDeliveryConfig(body: JsonBody): Partial<DeliveryConfig> {
  return definedOnly<Partial<DeliveryConfig>>({
    copies: optionalNumber(body, 'copies', { min: 1, max: MAX_COPIES, integer: true }),
    duplicate: optionalRatio(body, 'duplicate'),
    reorder: readReorder(body),
    paused: optionalBool(body, 'paused'),
    retryBaseMs: optionalNumber(body, 'retryBaseMs', { min: 1 }),
    maxAttempts: optionalNumber(body, 'maxAttempts', { min: 1, integer: true }),
    timeoutMs: optionalNumber(body, 'timeoutMs', { min: 1 }),
    badSignatureRate: optionalRatio(body, 'badSignatureRate'),
    staleTimestampRate: optionalRatio(body, 'staleTimestampRate'),
  });
}

export const webhookRoutes: ControlRoute[] = [
  { method: 'GET', pattern: '/_emulator/webhooks/config', handle: ({ services }) => services.deliveries.settings },
  {
    method: 'POST',
    pattern: '/_emulator/webhooks/config',
    handle: ({ services, body }) => {
      const changes = readDeliveryConfig(body);
      const next = { ...services.deliveries.settings, ...changes };
      // One roll picks a delivery's fault, so the two shares must fit in one.
      if (next.badSignatureRate + next.staleTimestampRate > 1) {
        throw new ControlError(400, '"badSignatureRate" and "staleTimestampRate" may add up to 1 at most.');
      }
      return services.deliveries.configure(changes);
    },
  },
  {
    method: 'GET',
    pattern: '/_emulator/webhooks/deliveries',
    handle: ({ services, query }) => ({
      data: services.deliveries.list({
        event: query.get('event') ?? undefined,
        endpoint: query.get('endpoint') ?? undefined,
        account: query.get('account') ?? undefined,
      }),
    }),
  },
];
