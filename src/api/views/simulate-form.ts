import { SIMULATIONS, type SimulatedAction } from '../commands/simulate-stripe-activity';
import type { LinkedCustomer } from '../../db/linked-customer-read-model';
import { csrfInput } from './forms';
import { html, type SafeHtml } from './html';
import { paths } from './paths';

const GROUPS: { label: string; actions: SimulatedAction[] }[] = [
  { label: 'Customers', actions: ['customer.create'] },
  { label: 'Subscriptions', actions: ['subscription.create', 'subscription.switch_plan', 'subscription.cancel', 'subscription.trial_will_end', 'invoice.upcoming'] },
  { label: 'Charges', actions: ['charge.succeed', 'charge.fail', 'charge.refund'] },
];

const customerLabel = (c: LinkedCustomer) =>
  [c.email, c.name && c.email ? `(${c.name})` : c.name].filter(Boolean).join(' ') || c.customerId;

/** Demo mode only: make something happen in the emulated Stripe account, as a merchant's customers would. */
export function simulateForm(projectId: string, connectionId: string, customers: LinkedCustomer[], csrf: string): SafeHtml {
  const id = (name: string) => `${name}-${connectionId}`;
  return html`<details class="simulate" data-simulate>
  <summary>Simulate Stripe activity</summary>
  <form method="post" action="${paths.simulate(projectId, connectionId)}" data-simulate-form>
    ${csrfInput(csrf)}
    <div class="simulate-fields">
      <div class="field"><label for="${id('sim-action')}">What happens</label>
        <select id="${id('sim-action')}" name="action">${GROUPS.map((g) => html`<optgroup label="${g.label}">${g.actions.map((a) => html`<option value="${a}">${SIMULATIONS[a]}</option>`)}</optgroup>`)}</select></div>
      <div class="field"><label for="${id('sim-customer')}">To whom</label>
        <select id="${id('sim-customer')}" name="customer"><option value="">A random customer</option>${customers.map((c) => html`<option value="${c.customerId}">${customerLabel(c)}</option>`)}</select></div>
      <div class="field"><button class="button" type="submit">Simulate</button></div>
    </div>
    <p class="help">Demo mode: the Stripe emulator makes it happen and sends its signed webhooks here, as Stripe would. The customer's timeline shows it within seconds. A new customer is a new person, whoever is chosen.</p>
  </form>
</details>`;
}
