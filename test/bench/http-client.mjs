import http from 'node:http';

/**
 * A keep-alive HTTP client for the benchmarks: `send` resolves with the status (and the error code for 3xx–5xx,
 * e.g. "409 SLOT_FULL"), or "error <code>" when the connection failed — never rejects, so a load loop counts outcomes.
 */
export function httpClient(baseUrl, maxSockets) {
  const { hostname, port } = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const send = (method, route, token, body) =>
    new Promise((resolve) => {
      const headers = { accept: 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (body) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = http.request({ host: hostname, port, method, path: route, agent, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          let key = String(res.statusCode);
          if (res.statusCode >= 300) {
            try {
              key += ` ${JSON.parse(Buffer.concat(chunks).toString()).code ?? ''}`.trimEnd();
            } catch {
              /* not JSON: the status alone */
            }
          }
          resolve(key);
        });
        res.on('error', (e) => resolve(`error ${e.code ?? e.message}`));
      });
      req.on('error', (e) => resolve(`error ${e.code ?? e.message}`));
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}
