/** A small HTTPS client for the tests' own requests to kube-apiserver: setting a cluster up, probing it. */
import { Agent, request } from 'node:https';

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class ApiClient {
  private readonly agent: Agent;

  constructor(
    readonly url: string,
    ca: string,
    private readonly token: string | undefined,
  ) {
    this.agent = new Agent({ ca, keepAlive: true, maxSockets: 16 });
  }

  request(
    method: string,
    path: string,
    options: { body?: unknown; accept?: string; token?: string | null; contentType?: string } = {},
  ): Promise<ApiResponse> {
    const token = options.token === null ? undefined : (options.token ?? this.token);
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.url), { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A request that must succeed (2xx); its body parsed. PATCH sends a JSON merge patch. */
  async json(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const contentType = method === 'PATCH' ? 'application/merge-patch+json' : undefined;
    const response = await this.request(method, path, { body, contentType });
    if (response.status < 200 || response.status > 299) {
      throw new Error(`${method} ${path}: ${response.status} ${response.body.slice(0, 500)}`);
    }
    return JSON.parse(response.body) as Record<string, unknown>;
  }

  close(): void {
    this.agent.destroy();
  }
}
