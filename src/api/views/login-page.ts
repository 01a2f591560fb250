import type { Project } from '../../domain/project';
import { csrfInput } from './forms';
import { html } from './html';
import { brand, page } from './layout';
import { paths } from './paths';

export interface LoginPageProps {
  nonce: string;
  csrf: string;
  project: Project;
  next?: string;
  error?: string;
}

/** Sign-in with the project's API key. */
export const loginPage = ({ nonce, csrf, project, next, error }: LoginPageProps): string =>
  page({
    title: 'Sign in',
    nonce,
    body: html`<main><div class="panel center-card">
  <div class="panel-body">
    ${brand}
    <h1>Sign in to ${project.name}</h1>
    <p class="sub">Use the project's API key (it starts with <code>sek_</code>).</p>
    <form method="post" action="${paths.login(project.id)}" style="margin-top:20px" data-login-form>
      ${csrfInput(csrf)}
      ${next ? html`<input type="hidden" name="next" value="${next}">` : ''}
      <div class="field"><label for="apiKey">API key</label>
        <input id="apiKey" name="apiKey" type="password" autocomplete="current-password" spellcheck="false" required autofocus></div>
      ${error ? html`<div class="alert bad" role="alert" data-login-error><div class="grow">${error}</div></div>` : ''}
      <p style="margin:16px 0 0"><button class="button" type="submit" style="width:100%;justify-content:center">Sign in</button></p>
    </form>
  </div>
</div></main>`,
  });
