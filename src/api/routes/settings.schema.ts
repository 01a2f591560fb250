import { z } from 'zod';
import { SETTINGS_NOTICES } from '../views/settings-page';
import { Id } from './common.schema';

const ProjectParams = z.object({ projectId: Id });

export const SettingsPageSchema = {
  params: ProjectParams,
  query: z.object({ notice: z.enum(SETTINGS_NOTICES).optional() }),
};

export const ApiKeyFormSchema = {
  params: ProjectParams,
  body: z.object({ secretKey: z.string().trim().max(300).default('') }),
};

export const ResyncFormSchema = {
  params: ProjectParams.extend({ connectionId: Id }),
};
