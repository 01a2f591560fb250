import { DomainError } from '../../domain/errors';
import type { ProjectStore } from '../../db/project-store';
import { addLogContext } from '../../logging/log-context';
import type { ApiMiddleware } from '../context';
import { wantsHtml } from './error-handler';
import { currentSession } from './session';

export const loginPath = (projectId: string) => `/projects/${encodeURIComponent(projectId)}/login`;

/**
 * Project pages need a session signed in to that project (`:projectId`). A page request without
 * one is sent to the sign-in page and back; anything else is refused.
 */
export const requireSession = (projects: ProjectStore): ApiMiddleware => async (ctx, next) => {
  const projectId = ctx.params.projectId!;
  const session = currentSession(ctx);
  const project = session.projectId === projectId ? await projects.find(projectId) : undefined;
  if (!project) {
    if (ctx.method === 'GET' && wantsHtml(ctx)) {
      ctx.redirect(`${loginPath(projectId)}?next=${encodeURIComponent(ctx.originalUrl)}`);
      return;
    }
    throw new DomainError('unauthorized', 'Sign in to this project first.');
  }
  ctx.state.project = project;
  addLogContext({ projectId: project.id });
  await next();
};
