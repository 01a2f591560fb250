import { html } from './html';
import { brand, page } from './layout';
import { paths } from './paths';

export interface MessageProps {
  nonce: string;
  title: string;
  message: string;
  tone: 'bad' | 'ok' | 'info';
  /** the project whose Settings → Integrations the page leads back to; null when no project is known */
  backTo: string | null;
  footnote?: string;
}

/** A one-card page that explains what happened and leads back to where the user came from. */
export const messagePage = ({ nonce, title, message, tone, backTo, footnote }: MessageProps): string =>
  page({
    title,
    nonce,
    body: html`<main><div class="panel center-card" data-message="${tone}">
  <div class="panel-body">
    ${brand}
    <h1>${title}</h1>
    <div class="alert ${tone}"><div class="grow">${message}</div></div>
    ${backTo ? html`<p style="margin:18px 0 0"><a class="button" href="${paths.settings(backTo)}" data-back-to-settings>Back to Settings → Integrations</a></p>` : ''}
    ${footnote ? html`<p class="help">${footnote}</p>` : ''}
  </div>
</div></main>`,
  });
