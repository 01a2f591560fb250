/**
 * The endpoint a request counts against in Stripe's per-endpoint limits: its method and path with
 * object ids replaced (`GET /v1/customers/cus_1` → `GET /v1/customers/{id}`), since each named
 * operation is limited separately.
 */
const OBJECT_ID = /^[a-z]+_[A-Za-z0-9]+$/;

export function endpointOf(method: string, pathWithQuery: string): string {
  const path = pathWithQuery.split('?')[0]!;
  const pattern = path
    .split('/')
    .map((segment) => (OBJECT_ID.test(segment) ? '{id}' : segment))
    .join('/');
  return `${method.toUpperCase()} ${pattern}`;
}
