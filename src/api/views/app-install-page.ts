import type { Project } from '../../domain/project';
import { csrfInput } from './forms';
import { html } from './html';
import { brand, page } from './layout';
import { paths } from './paths';

export interface AppInstallPageProps {
  nonce: string;
  csrf: string;
  /** the pending install the forms finish */
  installId: string;
  /** the project this browser is signed in to, offered first */
  project: Project | null;
  error?: string;
}

/**
 * An install that started in Stripe came back without saying for which project: the user picks
 * the signed-in one, or signs in to another with its API key; only then is the code exchanged.
 */
export const appInstallPage = ({ nonce, csrf, installId, project, error }: AppInstallPageProps): string =>
  page({
    title: 'Finish installing the Stripe App',
    nonce,
    body: html`<main><div class="panel center-card">
  <div class="panel-body">
    ${brand}
    <h1>Finish installing the Stripe App</h1>
    <p class="sub">The App was installed in Stripe. Choose the project whose customers it brings in; nothing is connected until you do.</p>
    ${error ? html`<div class="alert bad" role="alert" data-app-install-error><div class="grow">${error}</div></div>` : ''}
    ${project ? html`<form method="post" action="${paths.appFinish}" style="margin-top:20px" data-app-install-project>
      ${csrfInput(csrf)}<input type="hidden" name="install" value="${installId}"><input type="hidden" name="projectId" value="${project.id}">
      <p style="margin:0"><button class="button stripe" type="submit" style="width:100%;justify-content:center">Connect to ${project.name}</button></p>
    </form>
    <p class="help" style="margin-top:18px">Or sign in to another project:</p>` : ''}
    <form method="post" action="${paths.appFinish}" style="margin-top:${project ? '8px' : '20px'}" data-app-install-sign-in>
      ${csrfInput(csrf)}<input type="hidden" name="install" value="${installId}">
      <div class="field"><label for="apiKey">Project API key</label>
        <input id="apiKey" name="apiKey" type="password" autocomplete="current-password" spellcheck="false" placeholder="sek_…" required${project ? '' : ' autofocus'}></div>
      <p style="margin:16px 0 0"><button class="button${project ? ' secondary' : ''}" type="submit" style="width:100%;justify-content:center">Sign in and connect</button></p>
    </form>
  </div>
</div></main>`,
  });
