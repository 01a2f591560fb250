/** URLs of the pages, built in one place. */
const p = (projectId: string) => `/projects/${encodeURIComponent(projectId)}`;

export const paths = {
  login: (projectId: string) => `${p(projectId)}/login`,
  logout: (projectId: string) => `${p(projectId)}/logout`,
  settings: (projectId: string) => `${p(projectId)}/settings/integrations`,
  connect: (projectId: string) => `${p(projectId)}/integrations/stripe/connect`,
  apiKeyForm: (projectId: string) => `${p(projectId)}/integrations/stripe/api-key`,
  resyncForm: (projectId: string, connectionId: string) =>
    `${p(projectId)}/integrations/stripe/${encodeURIComponent(connectionId)}/resync`,
  disconnectForm: (projectId: string, connectionId: string) =>
    `${p(projectId)}/integrations/stripe/${encodeURIComponent(connectionId)}/disconnect`,
  deadEventAction: (projectId: string, connectionId: string, stripeEventId: string, action: 'retry' | 'skip') =>
    `${p(projectId)}/integrations/stripe/${encodeURIComponent(connectionId)}/events/${encodeURIComponent(stripeEventId)}/${action}`,
  simulate: (projectId: string, connectionId: string) => `${p(projectId)}/demo/stripe/${encodeURIComponent(connectionId)}/simulate`,
  status: (projectId: string) => `${p(projectId)}/integrations/stripe/status`,
  customers: (projectId: string) => `${p(projectId)}/customers`,
  customer: (projectId: string, id: string) => `${p(projectId)}/customers/${encodeURIComponent(id)}`,
  customerResyncForm: (projectId: string, id: string) => `${p(projectId)}/customers/${encodeURIComponent(id)}/resync`,
  oauthCallback: '/integrations/stripe/oauth/callback',
};
