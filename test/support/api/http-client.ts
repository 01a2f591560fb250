/** A response as tests look at it. */
export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  /** parsed JSON body (undefined when the body is not JSON) */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  location: string | null;
}

export interface RequestOptions {
  json?: unknown;
  form?: Record<string, string>;
  /** a body sent as is (set its content-type in headers) */
  raw?: string;
  bearer?: string;
  headers?: Record<string, string>;
}

/**
 * A small HTTP client over fetch that keeps cookies like a browser (one jar per client) and never
 * follows redirects, so tests see them.
 */
export class TestClient {
  private readonly jar = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  get = (path: string, opts?: RequestOptions) => this.request('GET', path, opts);
  post = (path: string, opts?: RequestOptions) => this.request('POST', path, opts);
  patch = (path: string, opts?: RequestOptions) => this.request('PATCH', path, opts);

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { ...opts.headers };
    let body: string | undefined = opts.raw;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    }
    if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: parsed, location: res.headers.get('location') };
  }
}

/** The CSRF token of the first form in a page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field in the page');
  return m[1]!;
}
