import type { Project } from '../../domain/project';

/** The project's own settings, as `GET /api/v1/project` answers them. */
export const presentProject = (p: Project) => ({
  id: p.id,
  name: p.name,
  alertEmail: p.alertEmail,
  createdAt: p.createdAt.toISOString(),
});
