import { messagePage } from './message-page';

const TITLES: Record<number, string> = {
  400: 'That request could not be used',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  422: 'Stripe did not accept that',
};

/** The HTML face of an error on a page route. */
export const errorPage = ({ status, message, requestId, nonce }: { status: number; message: string; requestId: string; nonce: string }): string =>
  messagePage({
    nonce,
    title: TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'That did not work'),
    message,
    tone: 'bad',
    footnote: `Use your browser's back button to return. Request id ${requestId}`,
  });
