/** Everything a test needs to stand up real parts; each starts on free ports in temp dirs. */
export { testConfig } from './config';
export { createTestDb, sharedPostgres, startTestPostgres, type TestDb } from './postgres';
export { sharedTemporal, startTestTemporal, type TestTemporal } from './temporal';
export { startTestWorker, spawnWorkerProcess, type RunningTestWorker, type WorkerProcess } from './worker';
export { startTestEmulator, type TestEmulator } from './emulator';
export { startPrivateStack, type PrivateStack } from './private-stack';
export { waitFor } from './wait';
export { tempDir } from './temp-dir';
export { onCleanup } from './cleanup';
