/**
 * The benchmarks' HTTP client call: node:http with a keep-alive agent (as Grafana's Go backend
 * keeps its connections), not fetch: undici's fetch spent ~1.7 ms of its event loop per request
 * (measured). Resolves with the status and the whole body as text.
 */
import { request as httpRequest, type Agent } from 'node:http';

export function postJson(agent: Agent, url: string, key: string, payload: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    const req = httpRequest(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
