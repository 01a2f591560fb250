import { startStripeEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/stripe-emulator';
import { onCleanup } from './cleanup';

export interface TestEmulator extends RunningEmulator {
  /** POST a JSON body to the control API (or /oauth…), failing loudly on a non-2xx answer. */
  control<T = unknown>(route: string, body?: unknown): Promise<T>;
  get<T = unknown>(route: string): Promise<T>;
}

/** A JSON call to an emulator's control API (or /oauth…), failing loudly on a non-2xx answer. */
export async function emulatorRequest<T>(url: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function startTestEmulator(opts: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startStripeEmulator({ port: 0, ...opts });
  onCleanup(() => emulator.close());
  const call = <T>(method: string, route: string, body?: unknown) => emulatorRequest<T>(emulator.url, method, route, body);
  return {
    ...emulator,
    close: () => emulator.close(),
    control: (route, body = {}) => call('POST', route, body),
    get: (route) => call('GET', route),
  };
}
