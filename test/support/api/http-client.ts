import http from 'node:http';

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
  /** a body sent as is, bytes included (set its content-type in headers) */
  raw?: string | Buffer;
  bearer?: string;
  headers?: Record<string, string>;
}

/** One request over node:http, which (unlike fetch) sends the Host header it is given. */
function send(url: URL, method: string, headers: Record<string, string>, body: string | Buffer | undefined) {
  return new Promise<{ status: number; headers: Headers; text: string }>((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const received = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of [value ?? []].flat()) received.append(name, v);
        }
        resolve({ status: res.statusCode!, headers: received, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A small HTTP client that keeps cookies like a browser (one jar per client) and never follows
 * redirects, so tests see them. It connects to `baseUrl` and says it is talking to `host`
 * (by default baseUrl's), as a browser does that reached the server through DNS or a proxy.
 */
export class TestClient {
  private readonly jar = new Map<string, string>();

  constructor(readonly baseUrl: string, readonly host = new URL(baseUrl).host) {}

  get = (path: string, opts?: RequestOptions) => this.request('GET', path, opts);
  post = (path: string, opts?: RequestOptions) => this.request('POST', path, opts);
  patch = (path: string, opts?: RequestOptions) => this.request('PATCH', path, opts);

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { host: this.host, ...opts.headers };
    let body: string | Buffer | undefined = opts.raw;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    }
    if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await send(new URL(path, this.baseUrl), method, headers, body);
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    const { text } = res;
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

/** Where a message page's "Back to Settings → Integrations" button leads; undefined without one. */
export function backLinkFrom(html: string): string | undefined {
  return /<a [^>]*href="([^"]+)"[^>]*data-back-to-settings/.exec(html)?.[1];
}
