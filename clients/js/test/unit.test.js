'use strict';
// The SDK against a local HTTP server this file starts: request shapes, error mapping,
// retry decisions, paging, export streaming; and verifyWebhook on known vectors.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after, beforeEach } = require('node:test');

const NoteTicketingAPI = require('@noteticketing/api');
const {
  APIError,
  ValidationError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  ServerError,
  APIConnectionError,
  APITimeoutError,
  WebhookVerificationError,
  verifyWebhook,
} = NoteTicketingAPI;

// --- a scripted server ---------------------------------------------------------------------

/** Answers each request with the next scripted handler (the last one repeats). */
function scriptedServer() {
  const state = { script: [], requests: [], server: null, url: null };
  state.server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const record = { method: req.method, url: req.url, headers: req.headers, body, at: Date.now() };
      state.requests.push(record);
      const handler = state.script.length > 1 ? state.script.shift() : state.script[0];
      handler(req, res, record);
    });
  });
  return state;
}

function envelope(status, code, message, extra = {}) {
  const requestId = `req_${String(status).padStart(12, '0')}`;
  return (req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Request-ID': requestId, ...extra });
    res.end(JSON.stringify({ error: { code, message, details: { field: 'x', issue: 'y' }, timestamp: '2024-01-15T10:30:00Z', request_id: requestId } }));
  };
}

function json(status, body, headers = {}) {
  return (req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Request-ID': 'req_ok0000000000', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
}

const hangUp = (req) => req.socket.destroy();

const server = scriptedServer();
let api;
let waits;

function client(options = {}) {
  return new NoteTicketingAPI({
    apiKey: 'ntk_test_key',
    baseURL: server.url,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
}

before(async () => {
  await new Promise((resolve) => server.server.listen(0, '127.0.0.1', resolve));
  server.url = `http://127.0.0.1:${server.server.address().port}/v1`;
});
after(() => new Promise((resolve) => server.server.close(resolve)));
beforeEach(() => {
  server.script = [json(200, { ok: true })];
  server.requests = [];
  waits = [];
  api = client();
});

// --- construction and requests -------------------------------------------------------------

describe('the client', () => {
  it('is what require returns, with the extras as properties', () => {
    assert.equal(typeof NoteTicketingAPI, 'function');
    assert.equal(NoteTicketingAPI.NoteTicketingAPI, NoteTicketingAPI);
    for (const Class of [ValidationError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError, RateLimitError, ServerError]) {
      assert.ok(Object.prototype.isPrototypeOf.call(APIError, Class), Class.name);
    }
    assert.equal(typeof verifyWebhook, 'function');
  });

  it('defaults the base URL to NOTETICKETING_BASE_URL, else the public API', () => {
    const saved = process.env.NOTETICKETING_BASE_URL;
    try {
      delete process.env.NOTETICKETING_BASE_URL;
      assert.equal(new NoteTicketingAPI({ apiKey: 'k' }).baseURL, 'https://api.noteticketing.com/v1');
      process.env.NOTETICKETING_BASE_URL = 'http://127.0.0.1:1/v1/';
      assert.equal(new NoteTicketingAPI({ apiKey: 'k' }).baseURL, 'http://127.0.0.1:1/v1');
      assert.equal(new NoteTicketingAPI({ apiKey: 'k', baseURL: 'http://h/v1' }).baseURL, 'http://h/v1');
    } finally {
      if (saved === undefined) delete process.env.NOTETICKETING_BASE_URL;
      else process.env.NOTETICKETING_BASE_URL = saved;
    }
  });

  it('needs an API key', () => {
    const saved = process.env.NOTETICKETING_API_KEY;
    delete process.env.NOTETICKETING_API_KEY;
    try {
      assert.throws(() => new NoteTicketingAPI({ baseURL: 'http://h' }), /apiKey/);
    } finally {
      if (saved !== undefined) process.env.NOTETICKETING_API_KEY = saved;
    }
  });

  it('sends the bearer key, JSON bodies and query parameters', async () => {
    server.script = [json(201, { id: 'abc123def456' })];
    const item = await api.actionItems.create('123', { channel_id: '9', text: 'Hi', priority: 'high' });
    assert.deepEqual(item, { id: 'abc123def456' });
    const [request] = server.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/v1/guilds/123/action-items');
    assert.equal(request.headers.authorization, 'Bearer ntk_test_key');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(request.body), { channel_id: '9', text: 'Hi', priority: 'high' });

    server.script = [json(200, { action_items: [], total: 0, limit: 10, offset: 0 })];
    await api.actionItems.list('123', { status: 'pending', limit: 10, channel_id: undefined });
    assert.equal(server.requests[1].url, '/v1/guilds/123/action-items?status=pending&limit=10');
    assert.equal(server.requests[1].headers['content-type'], undefined);
  });

  it('maps every method to its route', async () => {
    const calls = [
      [() => api.guilds.list(), 'GET /v1/guilds'],
      [() => api.guilds.get('1'), 'GET /v1/guilds/1'],
      [() => api.guilds.channels('1'), 'GET /v1/guilds/1/channels'],
      [() => api.guilds.stats('1'), 'GET /v1/guilds/1/stats?period=7d'],
      [() => api.guilds.stats('1', '90d'), 'GET /v1/guilds/1/stats?period=90d'],
      [() => api.guilds.getConfig('1'), 'GET /v1/guilds/1/config'],
      [() => api.guilds.updateConfig('1', { active: true }), 'PATCH /v1/guilds/1/config {"active":true}'],
      [() => api.guilds.monitorChannel('1', '9'), 'POST /v1/guilds/1/channels/monitor {"channel_id":"9"}'],
      [() => api.guilds.unmonitorChannel('1', '9'), 'DELETE /v1/guilds/1/channels/monitor/9'],
      [() => api.actionItems.get('1', 'abc'), 'GET /v1/guilds/1/action-items/abc'],
      [() => api.actionItems.update('1', 'abc', { text: 't' }), 'PUT /v1/guilds/1/action-items/abc {"text":"t"}'],
      [() => api.actionItems.delete('1', 'abc'), 'DELETE /v1/guilds/1/action-items/abc'],
      [() => api.actionItems.setStatus('1', 'abc', 'completed'), 'PATCH /v1/guilds/1/action-items/abc/status {"status":"completed"}'],
      [() => api.sweeps.status('1'), 'GET /v1/guilds/1/sweep/status'],
      [() => api.sweeps.trigger('1', { force: true }), 'POST /v1/guilds/1/sweep/trigger {"force":true}'],
      [() => api.sweeps.trigger('1'), 'POST /v1/guilds/1/sweep/trigger {}'],
      [() => api.analytics.overview('1'), 'GET /v1/guilds/1/analytics?period=30d'],
      [() => api.analytics.actionItems('1', { period: '1d' }), 'GET /v1/guilds/1/analytics/action-items?period=1d'],
      [() => api.permissions.get('1', 'u'), 'GET /v1/guilds/1/users/u/permissions'],
      [() => api.permissions.set('1', 'u', { can_view_analytics: true }), 'PUT /v1/guilds/1/users/u/permissions {"permissions":{"can_view_analytics":true}}'],
      [() => api.permissions.set('1', 'u', { permissions: { can_view_analytics: true } }), 'PUT /v1/guilds/1/users/u/permissions {"permissions":{"can_view_analytics":true}}'],
      [() => api.privacy.deleteUserData('1', 'u'), 'DELETE /v1/guilds/1/users/u/data'],
      [() => api.webhooks.list('1'), 'GET /v1/guilds/1/webhooks'],
      [() => api.webhooks.create('1', { url: 'https://e/h', events: ['ping'] }), 'POST /v1/guilds/1/webhooks {"url":"https://e/h","events":["ping"]}'],
      [() => api.webhooks.get('1', 'wh_1'), 'GET /v1/guilds/1/webhooks/wh_1'],
      [() => api.webhooks.update('1', 'wh_1', { active: false }), 'PATCH /v1/guilds/1/webhooks/wh_1 {"active":false}'],
      [() => api.webhooks.delete('1', 'wh_1'), 'DELETE /v1/guilds/1/webhooks/wh_1'],
      [() => api.webhooks.rotateSecret('1', 'wh_1'), 'POST /v1/guilds/1/webhooks/wh_1/rotate-secret'],
      [() => api.webhooks.test('1', 'wh_1'), 'POST /v1/guilds/1/webhooks/wh_1/test'],
      [() => api.webhooks.redeliver('1', 'wh_1', 'whd_2'), 'POST /v1/guilds/1/webhooks/wh_1/deliveries/whd_2/redeliver'],
    ];
    for (const [call, expected] of calls) {
      server.requests = [];
      await call();
      const [request] = server.requests;
      assert.equal(`${request.method} ${request.url}${request.body ? ` ${request.body}` : ''}`, expected);
    }
  });

  it('encodes path segments and refuses empty ones', async () => {
    await api.actionItems.get('1', 'a/b?c');
    assert.equal(server.requests[0].url, '/v1/guilds/1/action-items/a%2Fb%3Fc');
    assert.throws(() => api.actionItems.get('', 'x'), /guildId is required/);
  });

  it('resolves a 204 to null and records rate-limit headers', async () => {
    server.script = [
      (req, res) => {
        res.writeHead(204, { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '998', 'X-RateLimit-Reset': '1640995200', 'X-Request-ID': 'req_aaaaaaaaaaaa' });
        res.end();
      },
    ];
    assert.equal(await api.actionItems.delete('1', 'abc'), null);
    assert.deepEqual(api.rateLimit, { limit: 1000, remaining: 998, reset: 1640995200 });
    assert.equal(api.lastRequestId, 'req_aaaaaaaaaaaa');
  });
});

// --- errors --------------------------------------------------------------------------------

describe('errors', () => {
  const cases = [
    [400, 'VALIDATION_ERROR', ValidationError],
    [401, 'UNAUTHORIZED', AuthenticationError],
    [403, 'FORBIDDEN', PermissionDeniedError],
    [404, 'NOT_FOUND', NotFoundError],
    [409, 'CONFLICT', ConflictError],
    [429, 'RATE_LIMITED', RateLimitError],
    [500, 'INTERNAL_ERROR', ServerError],
    [503, 'SERVICE_UNAVAILABLE', ServerError],
    [405, 'METHOD_NOT_ALLOWED', APIError],
    [413, 'PAYLOAD_TOO_LARGE', APIError],
  ];
  for (const [status, code, Class] of cases) {
    it(`maps ${status} ${code} to ${Class.name}`, async () => {
      server.script = [envelope(status, code, `message ${status}`, status === 429 ? { 'Retry-After': '7' } : {})];
      const error = await api.guilds.get('1', { maxRetries: 0 }).catch((e) => e);
      assert.equal(error.constructor, Class);
      assert.ok(error instanceof APIError);
      assert.ok(error instanceof Error);
      assert.equal(error.name, Class.name);
      assert.equal(error.status, status);
      assert.equal(error.code, code);
      assert.equal(error.message, `message ${status}`);
      assert.deepEqual(error.details, { field: 'x', issue: 'y' });
      assert.equal(error.requestId, `req_${String(status).padStart(12, '0')}`);
      if (status === 429) assert.equal(error.retryAfter, 7);
    });
  }

  it('reads a body that is not the envelope (a proxy page)', async () => {
    server.script = [
      (req, res) => {
        res.writeHead(502, { 'Content-Type': 'text/html', 'X-Request-ID': 'req_proxy0000000' });
        res.end('<html>Bad gateway</html>');
      },
    ];
    const error = await api.guilds.list({ maxRetries: 0 }).catch((e) => e);
    assert.ok(error instanceof ServerError);
    assert.equal(error.status, 502);
    assert.equal(error.code, null);
    assert.equal(error.requestId, 'req_proxy0000000');
    assert.match(error.message, /Bad gateway/);
  });

  it('maps an unknown 4xx by its code', async () => {
    server.script = [envelope(418, 'NOT_FOUND', 'teapot')];
    const error = await api.guilds.list().catch((e) => e);
    assert.ok(error instanceof NotFoundError);
  });
});

// --- retries -------------------------------------------------------------------------------

describe('retries', () => {
  it('waits for Retry-After on a 429, then tries again (real time)', async () => {
    server.script = [envelope(429, 'RATE_LIMITED', 'slow down', { 'Retry-After': '1' }), json(200, { guilds: [], total: 0 })];
    const real = new NoteTicketingAPI({ apiKey: 'k', baseURL: server.url });
    const started = Date.now();
    assert.deepEqual(await real.guilds.list(), { guilds: [], total: 0 });
    assert.equal(server.requests.length, 2);
    const gap = server.requests[1].at - server.requests[0].at;
    assert.ok(gap >= 950, `the retry came ${gap} ms after the 429`);
    assert.ok(Date.now() - started < 5000);
  });

  it('retries a 429 on a POST too (the server did nothing)', async () => {
    server.script = [envelope(429, 'RATE_LIMITED', 'slow down', { 'Retry-After': '2' }), json(201, { id: 'x' })];
    assert.deepEqual(await api.actionItems.create('1', { channel_id: '9', text: 't' }), { id: 'x' });
    assert.equal(server.requests.length, 2);
    assert.deepEqual(waits, [2000]);
  });

  it('gives up on a 429 after maxRetries, with the last answer', async () => {
    server.script = [envelope(429, 'RATE_LIMITED', 'slow down', { 'Retry-After': '3' })];
    const error = await client({ maxRetries: 3 }).guilds.list().catch((e) => e);
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.retryAfter, 3);
    assert.equal(server.requests.length, 4);
    assert.deepEqual(waits, [3000, 3000, 3000]);
  });

  it('does not wait out a Retry-After longer than maxRetryAfter', async () => {
    server.script = [envelope(429, 'RATE_LIMITED', 'slow down', { 'Retry-After': '3600' })];
    const error = await api.guilds.list().catch((e) => e);
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.retryAfter, 3600);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(waits, []);
    server.requests = [];
    await client({ maxRetryAfter: 7200, maxRetries: 1 }).guilds.list().catch((e) => e);
    assert.equal(server.requests.length, 2);
    assert.deepEqual(waits, [3600_000]);
  });

  it('backs off on a 429 without Retry-After', async () => {
    server.script = [envelope(429, 'RATE_LIMITED', 'slow down'), json(200, {})];
    await api.guilds.list();
    assert.equal(waits.length, 1);
    assert.ok(waits[0] > 0 && waits[0] < 1000);
  });

  for (const method of ['GET', 'PUT', 'DELETE']) {
    it(`retries a 5xx on ${method} with growing backoff`, async () => {
      server.script = [envelope(500, 'INTERNAL_ERROR', 'boom'), envelope(503, 'SERVICE_UNAVAILABLE', 'later'), json(200, { ok: 1 })];
      const call = { GET: () => api.guilds.get('1'), PUT: () => api.actionItems.update('1', 'abc', { text: 't' }), DELETE: () => api.webhooks.delete('1', 'wh_1') }[method];
      assert.deepEqual(await call(), { ok: 1 });
      assert.equal(server.requests.length, 3);
      assert.ok(server.requests.every((r) => r.method === method));
      assert.equal(waits.length, 2);
      assert.ok(waits[1] > waits[0], `backoff grows: ${waits}`);
    });
  }

  it('honours Retry-After on a 503', async () => {
    server.script = [envelope(503, 'SERVICE_UNAVAILABLE', 'later', { 'Retry-After': '4' }), json(200, {})];
    await api.guilds.list();
    assert.deepEqual(waits, [4000]);
  });

  it('gives up on a 5xx after maxRetries with a ServerError', async () => {
    server.script = [envelope(500, 'INTERNAL_ERROR', 'boom')];
    const error = await api.guilds.list().catch((e) => e);
    assert.ok(error instanceof ServerError);
    assert.equal(server.requests.length, 3);
  });

  for (const method of ['POST', 'PATCH']) {
    it(`does not retry a 5xx on ${method}`, async () => {
      server.script = [envelope(500, 'INTERNAL_ERROR', 'boom'), json(200, {})];
      const call = method === 'POST' ? () => api.sweeps.trigger('1') : () => api.guilds.updateConfig('1', { active: true });
      const error = await call().catch((e) => e);
      assert.ok(error instanceof ServerError);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(waits, []);
    });
  }

  it('does not retry a 4xx', async () => {
    server.script = [envelope(400, 'VALIDATION_ERROR', 'bad'), json(200, {})];
    await assert.rejects(api.guilds.list(), ValidationError);
    assert.equal(server.requests.length, 1);
  });

  it('retries a dropped connection on GET, not on POST', async () => {
    server.script = [hangUp, hangUp, json(200, { ok: 1 })];
    assert.deepEqual(await api.guilds.list(), { ok: 1 });
    assert.equal(server.requests.length, 3);

    server.requests = [];
    server.script = [hangUp, json(200, { ok: 1 })];
    const error = await api.actionItems.create('1', { channel_id: '9', text: 't' }).catch((e) => e);
    assert.ok(error instanceof APIConnectionError);
    assert.equal(error.status, null);
    assert.equal(server.requests.length, 1);
  });

  it('retries a refused connection on GET only, then throws APIConnectionError', async () => {
    const closed = http.createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = closed.address().port;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = client({ baseURL: `http://127.0.0.1:${port}/v1` });
    const error = await nowhere.guilds.list().catch((e) => e);
    assert.ok(error instanceof APIConnectionError);
    assert.match(error.message, /ECONNREFUSED/);
    assert.equal(waits.length, 2);
    waits = [];
    await assert.rejects(nowhere.webhooks.test('1', 'wh_1'), APIConnectionError);
    assert.deepEqual(waits, []);
  });

  it('times out an attempt and retries it on GET', async () => {
    server.script = [() => {}, json(200, { ok: 1 })];
    const quick = client({ timeout: 150 });
    assert.deepEqual(await quick.guilds.list(), { ok: 1 });
    assert.equal(server.requests.length, 2);

    server.requests = [];
    server.script = [() => {}];
    const error = await quick.guilds.list({ maxRetries: 0 }).catch((e) => e);
    assert.ok(error instanceof APITimeoutError);
    assert.ok(error instanceof APIConnectionError);
  });

  it('stops at once when the caller aborts', async () => {
    server.script = [() => {}];
    const controller = new AbortController();
    const pending = api.guilds.list({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    await assert.rejects(pending, /caller gave up/);
    assert.deepEqual(waits, []);
  });
});

// --- paging and export ---------------------------------------------------------------------

function pagedItems(total) {
  return (req, res) => {
    const url = new URL(req.url, 'http://x');
    const limit = Number(url.searchParams.get('limit') || 50);
    const offset = Number(url.searchParams.get('offset') || 0);
    const items = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) items.push({ id: `item${i}` });
    json(200, { action_items: items, total, limit, offset })(req, res);
  };
}

describe('paging', () => {
  it('walks every page with for await on list()', async () => {
    server.script = [pagedItems(7)];
    const ids = [];
    for await (const item of api.actionItems.list('1', { limit: 3, status: 'pending' })) ids.push(item.id);
    assert.deepEqual(ids, ['item0', 'item1', 'item2', 'item3', 'item4', 'item5', 'item6']);
    assert.deepEqual(
      server.requests.map((r) => r.url),
      ['/v1/guilds/1/action-items?limit=3&status=pending', '/v1/guilds/1/action-items?limit=3&status=pending&offset=3', '/v1/guilds/1/action-items?limit=3&status=pending&offset=6'],
    );
  });

  it('walks every page with iterate() and from an awaited page', async () => {
    server.script = [pagedItems(5)];
    const seen = [];
    for await (const item of api.actionItems.iterate('1', { limit: 2 })) seen.push(item.id);
    assert.equal(seen.length, 5);

    const page = await api.actionItems.list('1', { limit: 4 });
    assert.deepEqual(Object.keys(page), ['action_items', 'total', 'limit', 'offset']);
    assert.equal(page.hasNextPage(), true);
    const next = await page.nextPage();
    assert.deepEqual(next.action_items.map((i) => i.id), ['item4']);
    assert.equal(next.hasNextPage(), false);
    assert.equal(await next.nextPage(), null);
    const all = [];
    for await (const item of page) all.push(item.id);
    assert.equal(all.length, 5);
  });

  it('ends on an empty page', async () => {
    server.script = [pagedItems(0)];
    const seen = [];
    for await (const item of api.actionItems.list('1')) seen.push(item);
    assert.deepEqual(seen, []);
    assert.equal(server.requests.length, 1);
  });
});

describe('export', () => {
  const streamed = (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="noteticketing-1-20240115.csv"', 'X-Request-ID': 'req_export000000' });
    res.write('id,text\n');
    let n = 0;
    const timer = setInterval(() => {
      res.write(`item${n},text ${n}\n`);
      if (++n === 100) {
        clearInterval(timer);
        res.end();
      }
    }, 1);
  };

  it('streams into a file', async () => {
    server.script = [streamed];
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nt-export-')), 'out.csv');
    const result = await api.privacy.export('1', { format: 'csv', include_audit: false, path: file });
    assert.equal(server.requests[0].url, '/v1/guilds/1/export?format=csv&include_audit=false');
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(text.split('\n').length, 102);
    assert.equal(result.bytes, Buffer.byteLength(text));
    assert.equal(result.filename, 'noteticketing-1-20240115.csv');
    assert.equal(result.contentType, 'text/csv');
    assert.equal(result.requestId, 'req_export000000');
  });

  it('returns a ReadableStream', async () => {
    server.script = [streamed];
    const { stream } = await api.privacy.export('1', { format: 'csv' });
    let text = '';
    for await (const chunk of stream) text += Buffer.from(chunk).toString('utf8');
    assert.ok(text.startsWith('id,text\nitem0,text 0\n'));
  });

  it('throws the API error instead of streaming it', async () => {
    server.script = [envelope(403, 'FORBIDDEN', 'no')];
    await assert.rejects(api.privacy.export('1', { path: '/nonexistent/never' }), PermissionDeniedError);
  });
});

// --- verifyWebhook -------------------------------------------------------------------------

describe('verifyWebhook', () => {
  // Signed by webhooks/signing.py's signed_headers(SECRET, 'evt_1', 1705314600, BODY).
  const SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
  const BODY = '{"event": "ping", "id": "evt_1", "timestamp": "2024-01-15T10:30:00Z"}';
  const NOW = 1705314600;
  const HEADERS = {
    'Content-Type': 'application/json',
    'X-Webhook-Id': 'evt_1',
    'X-Webhook-Timestamp': '1705314600',
    'X-Webhook-Signature': 'sha256=a3dffd7709e7fc3267961ce0e984601cc3dcdcaccc464cf9877a7820cacde961',
    'webhook-id': 'evt_1',
    'webhook-timestamp': '1705314600',
    'webhook-signature': 'v1,gzTgITX07QoKK/MFzDCXvMkdWJiCYng3wphV3lq/8Lk=',
  };
  const only = (names) => Object.fromEntries(Object.entries(HEADERS).filter(([k]) => names.includes(k)));
  const verify = (body, headers, secret = SECRET, opts = { now: NOW }) => verifyWebhook(body, headers, secret, opts);
  const refused = (fn, pattern) => assert.throws(fn, (e) => e instanceof WebhookVerificationError && pattern.test(e.message));

  it('accepts the server signature, returning the event', () => {
    assert.deepEqual(verify(BODY, HEADERS), { event: 'ping', id: 'evt_1', timestamp: '2024-01-15T10:30:00Z' });
  });

  it('accepts the body as a Buffer, Uint8Array or ArrayBuffer', () => {
    const buffer = Buffer.from(BODY);
    assert.equal(verify(buffer, HEADERS).id, 'evt_1');
    assert.equal(verify(new Uint8Array(buffer), HEADERS).id, 'evt_1');
    assert.equal(verify(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length), HEADERS).id, 'evt_1');
  });

  it('accepts lower-case Node headers and a fetch Headers', () => {
    const lower = Object.fromEntries(Object.entries(HEADERS).map(([k, v]) => [k.toLowerCase(), v]));
    assert.equal(verify(BODY, lower).id, 'evt_1');
    assert.equal(verify(BODY, new Headers(HEADERS)).id, 'evt_1');
  });

  it('accepts X-Webhook-Signature alone (the Standard Webhooks headers are optional)', () => {
    assert.equal(verify(BODY, only(['X-Webhook-Signature'])).id, 'evt_1');
    assert.equal(verify(BODY, only(['X-Webhook-Signature', 'X-Webhook-Timestamp'])).id, 'evt_1');
  });

  it('accepts the Standard Webhooks headers alone, any of several v1 signatures', () => {
    const standard = only(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    assert.equal(verify(BODY, standard).id, 'evt_1');
    const rotated = { ...standard, 'webhook-signature': `v1,AAAA ${standard['webhook-signature']}` };
    assert.equal(verify(BODY, rotated).id, 'evt_1');
  });

  it('refuses a changed body, even by one byte of whitespace', () => {
    refused(() => verify(BODY.replace('ping', 'pong'), HEADERS), /X-Webhook-Signature/);
    refused(() => verify(BODY.replace(': ', ':'), HEADERS), /does not match/);
    refused(() => verify(JSON.stringify(JSON.parse(BODY)), only(['webhook-id', 'webhook-timestamp', 'webhook-signature'])), /webhook-signature/);
  });

  it('refuses the wrong secret', () => {
    refused(() => verify(BODY, HEADERS, 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9='), /does not match/);
    refused(() => verify(BODY, only(['X-Webhook-Signature']), 'another'), /does not match/);
  });

  it('refuses when any signature present is wrong', () => {
    refused(() => verify(BODY, { ...HEADERS, 'webhook-signature': 'v1,gzTgITX07QoKK/MFzDCXvMkdWJiCYng3wphV3lq/8Lj=' }), /webhook-signature/);
    refused(() => verify(BODY, { ...HEADERS, 'X-Webhook-Signature': 'sha256=00' }), /X-Webhook-Signature/);
    refused(() => verify(BODY, { ...HEADERS, 'webhook-signature': 'v2,gzTgITX07QoKK/MFzDCXvMkdWJiCYng3wphV3lq/8Lk=' }), /webhook-signature/);
  });

  it('refuses a timestamp outside the tolerance, either way', () => {
    refused(() => verify(BODY, HEADERS, SECRET, { now: NOW + 301 }), /timestamp/);
    refused(() => verify(BODY, HEADERS, SECRET, { now: NOW - 301 }), /timestamp/);
    assert.equal(verify(BODY, HEADERS, SECRET, { now: NOW + 300 }).id, 'evt_1');
    assert.equal(verify(BODY, HEADERS, SECRET, { now: NOW + 3000, tolerance: 3600 }).id, 'evt_1');
    assert.equal(verify(BODY, HEADERS, SECRET, { now: new Date((NOW + 10) * 1000) }).id, 'evt_1');
    refused(() => verify(BODY, HEADERS, SECRET, {}), /timestamp/);
    refused(() => verify(BODY, only(['X-Webhook-Signature', 'X-Webhook-Timestamp']), SECRET, {}), /timestamp/);
  });

  it('refuses a signed id or timestamp that was changed', () => {
    refused(() => verify(BODY, { ...HEADERS, 'webhook-id': 'evt_2' }), /webhook-signature/);
    refused(() => verify(BODY, { ...HEADERS, 'webhook-timestamp': String(NOW + 1) }), /webhook-signature/);
  });

  it('refuses missing signatures and missing Standard Webhooks parts', () => {
    refused(() => verify(BODY, { 'Content-Type': 'application/json' }), /No X-Webhook-Signature/);
    refused(() => verify(BODY, only(['webhook-signature'])), /webhook-id/);
  });

  it('needs the raw body and a secret', () => {
    assert.throws(() => verify(JSON.parse(BODY), HEADERS), TypeError);
    assert.throws(() => verify(BODY, HEADERS, ''), TypeError);
  });
});
