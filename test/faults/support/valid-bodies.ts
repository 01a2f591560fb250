/**
 * A body each route with a body schema accepts, keyed by route (`METHOD /path`): the hostile-input
 * suite changes one thing at a time in it. A new route with a body needs its entry here; the suite
 * says so.
 */
export const VALID_BODIES: Record<string, Record<string, unknown>> = {
  'POST /api/v1/customers': { email: 'ada@example.com', traits: { plan: 'pro' } },
  'PATCH /api/v1/customers/:id': { email: 'ada@example.com', traits: { plan: 'pro' } },
  'POST /api/v1/integrations/stripe/api-key': { secretKey: 'rk_test_valid' },
  'PATCH /api/v1/integrations/stripe/:connectionId': { timelineHistory: false },
  'POST /projects/:projectId/login': { apiKey: 'sek_valid', next: '/projects/p/settings/integrations' },
  'POST /projects/:projectId/integrations/stripe/api-key': { secretKey: 'rk_test_valid' },
  'POST /projects/:projectId/demo/stripe/:connectionId/simulate': { action: 'charge.fail', customer: '' },
  'POST /projects/:projectId/integrations/stripe/:connectionId/disconnect': { data: 'keep' },
  'POST /integrations/stripe/app/finish': { install: 'pai_valid', apiKey: 'sek_valid' },
  'POST /api/v1/automations': { id: 'dunning', enabled: false, params: { retryAfter: '3 days' } },
  'PATCH /api/v1/automations/:id': { enabled: false },
  'PATCH /api/v1/project': { alertEmail: 'ops@example.com' },
  'POST /projects/:projectId/settings/alert-email': { alertEmail: 'ops@example.com' },
  'POST /projects/:projectId/settings/automations/:automationId/params': { 'params.retryAfter': '3 days' },
};
