import { DomainError } from '../../domain/errors';
import type { ProjectStore } from '../../db/project-store';
import { addLogContext } from '../../logging/log-context';
import type { ApiMiddleware } from '../context';

/** `Authorization: Bearer <project API key>`; the project it belongs to scopes everything after. */
export const bearerAuth = (projects: ProjectStore): ApiMiddleware => async (ctx, next) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'));
  const project = match ? await projects.findByApiKey(match[1]!) : undefined;
  if (!project) {
    ctx.set('WWW-Authenticate', 'Bearer');
    throw new DomainError('unauthorized', match ? 'The API key is invalid or has been revoked.' : 'Send the project API key as `Authorization: Bearer <key>`.');
  }
  ctx.state.project = project;
  addLogContext({ projectId: project.id });
  await next();
};
