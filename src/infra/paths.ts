import path from 'node:path';

/** The repository root (dist/src/infra → three levels up; src/infra → two). */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');
export const TOOLS_DIR = path.join(REPO_ROOT, '.tools');
