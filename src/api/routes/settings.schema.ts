import { z } from 'zod';
import { Id } from './common.schema';

const ProjectParams = z.object({ projectId: Id });

export const SettingsPageSchema = {
  params: ProjectParams,
  query: z.object({ notice: z.enum(['connected', 'reconnected', 'resync_started', 'resync_running']).optional() }),
};

export const ApiKeyFormSchema = {
  params: ProjectParams,
  body: z.object({ secretKey: z.string().trim().max(300).default('') }),
};

export const ResyncFormSchema = {
  params: ProjectParams.extend({ connectionId: Id }),
};
