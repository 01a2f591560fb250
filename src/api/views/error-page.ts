import { messagePage } from './message-page';

const TITLES: Record<number, string> = {
  400: 'That request could not be used',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  422: 'Stripe did not accept that',
  429: 'Too many attempts',
};

export interface ErrorPageProps {
  status: number;
  message: string;
  requestId: string;
  nonce: string;
  /** the project the request was about, if any is known: the page leads back to its Integrations */
  projectId: string | null;
}

/** The HTML face of an error on a page route. */
export const errorPage = ({ status, message, requestId, nonce, projectId }: ErrorPageProps): string =>
  messagePage({
    nonce,
    title: TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'That did not work'),
    message,
    tone: 'bad',
    backTo: projectId,
    footnote: projectId ? `Request id ${requestId}` : `Use your browser's back button to return. Request id ${requestId}`,
  });
