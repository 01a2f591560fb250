import type { RouterContext, RouterMiddleware } from '@koa/router';
import type { Logger } from '../logging/logger';
import type { Project } from '../domain/project';

/** A browser session: anonymous until signed in to one project. */
export interface Session {
  /** random, rotated at sign-in; binds CSRF tokens and OAuth states to this browser */
  sid: string;
  projectId: string | null;
  /** epoch ms */
  expiresAt: number;
}

/** What middleware puts on `ctx.state`. */
export interface ApiState {
  requestId: string;
  log: Logger;
  /** per-response nonce for the pages' inline script */
  cspNonce: string;
  /** the project of the bearer API key, or of the signed-in session on project pages */
  project?: Project;
  session?: Session;
  /** APP_URL is https: the session cookie is Secure whatever the connection from the proxy */
  httpsOnly?: boolean;
  /** parsed by `validate` */
  input?: unknown;
}

export type ApiContext = RouterContext<ApiState>;
export type ApiMiddleware = RouterMiddleware<ApiState>;

/** The authenticated project (bearer or session middleware must have run). */
export function projectOf(ctx: { state: ApiState }): Project {
  const project = ctx.state.project;
  if (!project) throw new Error('an auth middleware must run before this handler');
  return project;
}

export const projectIdOf = (ctx: { state: ApiState }): string => projectOf(ctx).id;

declare module 'koa' {
  interface Request {
    /** the parsed JSON or form body (middleware/body-parser); undefined when there was none */
    body?: unknown;
  }
}
