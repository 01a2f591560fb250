/** URLs of the pages, built in one place. */
const p = (projectId: string) => `/projects/${encodeURIComponent(projectId)}`;

export const paths = {
  login: (projectId: string) => `${p(projectId)}/login`,
  logout: (projectId: string) => `${p(projectId)}/logout`,
  settings: (projectId: string) => `${p(projectId)}/settings/integrations`,
  connect: (projectId: string) => `${p(projectId)}/integrations/stripe/connect`,
  appInstall: (projectId: string) => `${p(projectId)}/integrations/stripe/app`,
  apiKeyForm: (projectId: string) => `${p(projectId)}/integrations/stripe/api-key`,
  resyncForm: (projectId: string, connectionId: string) =>
    `${p(projectId)}/integrations/stripe/${encodeURIComponent(connectionId)}/resync`,
  disconnectForm: (projectId: string, connectionId: string) =>
    `${p(projectId)}/integrations/stripe/${encodeURIComponent(connectionId)}/disconnect`,
  deadEventAction: (projectId: string, connectionId: string, stripeEventId: string, action: 'retry' | 'skip') =>
    `${p(projectId)}/integrations/stripe/${encodeURIComponent(connectionId)}/events/${encodeURIComponent(stripeEventId)}/${action}`,
  alertEmailForm: (projectId: string) => `${p(projectId)}/settings/alert-email`,
  simulate: (projectId: string, connectionId: string) => `${p(projectId)}/demo/stripe/${encodeURIComponent(connectionId)}/simulate`,
  status: (projectId: string) => `${p(projectId)}/integrations/stripe/status`,
  automations: (projectId: string) => `${p(projectId)}/settings/automations`,
  automationAction: (projectId: string, automationId: string, action: 'enable' | 'disable' | 'params' | 'webhook-secret') =>
    `${p(projectId)}/settings/automations/${encodeURIComponent(automationId)}/${action}`,
  automationRun: (projectId: string, runId: string) => `${p(projectId)}/settings/automations/runs/${encodeURIComponent(runId)}`,
  customers: (projectId: string) => `${p(projectId)}/customers`,
  customer: (projectId: string, id: string) => `${p(projectId)}/customers/${encodeURIComponent(id)}`,
  customerResyncForm: (projectId: string, id: string) => `${p(projectId)}/customers/${encodeURIComponent(id)}/resync`,
  oauthCallback: '/integrations/stripe/oauth/callback',
  appCallback: '/integrations/stripe/app/callback',
  /** where an App install that started in Stripe is finished: sign in, choose the project */
  appFinish: '/integrations/stripe/app/finish',
  appFinishPage: (installId: string) => `/integrations/stripe/app/finish?install=${encodeURIComponent(installId)}`,
};
