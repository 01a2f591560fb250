import { ApplicationFailure, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { ensureSyncable, refuseWhileDisconnecting, type Disconnecting } from './account-disconnect';
import { resyncCustomerUpdate, type CustomerResyncRequest } from './messages';

const { resyncStripeCustomer } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** Registers "Resync this customer": one customer refetched while the rest of the workflow goes on. */
export function handleCustomerResync(connectionId: string, disconnecting: Pick<Disconnecting, 'requested'>): void {
  setHandler(resyncCustomerUpdate, async ({ customerId }) => {
    await ensureSyncable(connectionId, disconnecting);
    return resyncStripeCustomer({ connectionId, customerId });
  }, {
    validator: (request: CustomerResyncRequest | undefined) => {
      if (!/^cus_\w+$/.test(String(request?.customerId))) throw ApplicationFailure.nonRetryable('customerId must be a Stripe customer id (cus_…)', 'InvalidCustomerResync');
      refuseWhileDisconnecting(disconnecting);
    },
  });
}
