import type { EmulatorServices } from '../services';
import type { JsonBody } from './input';

export interface ControlRequest {
  services: EmulatorServices;
  params: Record<string, string>;
  query: URLSearchParams;
  body: JsonBody;
}

/** A control-API route; `handle` returns the JSON answer (status 200). */
export interface ControlRoute {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: string;
  handle(request: ControlRequest): unknown;
}
