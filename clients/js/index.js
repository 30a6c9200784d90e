'use strict';
/**
 * @noteticketing/api — the JavaScript SDK of the NoteTicketing REST API v1.
 *
 * Node 18+ (global fetch), no dependencies. `require('@noteticketing/api')` is the client
 * class; the error classes and `verifyWebhook` hang off it as properties.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');

const VERSION = '1.0.0';
const DEFAULT_BASE_URL = 'https://api.noteticketing.com/v1';
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 2;
// A Retry-After longer than this is not waited out: the RateLimitError is thrown at once.
const DEFAULT_MAX_RETRY_AFTER_S = 120;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const WEBHOOK_TOLERANCE_S = 300;

// --- errors ------------------------------------------------------------------------------

class APIError extends Error {
  constructor(message, { status = null, code = null, details = {}, requestId = null, headers = null, body = null, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = details || {};
    this.requestId = requestId;
    this.headers = headers;
    this.body = body;
  }
}
class ValidationError extends APIError {}
class AuthenticationError extends APIError {}
class PermissionDeniedError extends APIError {}
class NotFoundError extends APIError {}
class ConflictError extends APIError {}
class RateLimitError extends APIError {
  constructor(message, fields = {}) {
    super(message, fields);
    /** Seconds the server asked to wait (Retry-After), or null. */
    this.retryAfter = fields.retryAfter ?? null;
  }
}
class ServerError extends APIError {}
/** The request never got an answer: refused connection, reset, DNS failure. */
class APIConnectionError extends APIError {}
/** No answer within the client's timeout. */
class APITimeoutError extends APIConnectionError {}
/** A webhook's signature, headers or timestamp did not check out. */
class WebhookVerificationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

const BY_STATUS = {
  400: ValidationError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: ValidationError,
  429: RateLimitError,
};
const BY_CODE = {
  VALIDATION_ERROR: ValidationError,
  UNAUTHORIZED: AuthenticationError,
  FORBIDDEN: PermissionDeniedError,
  NOT_FOUND: NotFoundError,
  CONFLICT: ConflictError,
  RATE_LIMITED: RateLimitError,
};

/** The error for an HTTP answer, from the API's envelope when there is one. */
function errorFromResponse(status, headers, body) {
  const envelope = body && typeof body === 'object' && body.error && typeof body.error === 'object' ? body.error : null;
  const code = (envelope && envelope.code) || null;
  const ErrorClass = status >= 500 ? ServerError : BY_STATUS[status] || BY_CODE[code] || APIError;
  const message = (envelope && envelope.message) || (typeof body === 'string' && body.trim().slice(0, 200)) || `HTTP ${status}`;
  return new ErrorClass(message, {
    status,
    code,
    details: (envelope && envelope.details) || {},
    requestId: (envelope && envelope.request_id) || headerValue(headers, 'x-request-id'),
    headers,
    body,
    retryAfter: parseRetryAfter(headerValue(headers, 'retry-after')),
  });
}

// --- helpers -----------------------------------------------------------------------------

/** A header from a fetch Headers, a plain object (any case) or Node's incoming headers. */
function headerValue(headers, name) {
  if (!headers) return null;
  if (typeof headers.get === 'function') return headers.get(name);
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value.join(', ') : value == null ? null : String(value);
  }
  return null;
}

/** Retry-After as seconds: delta-seconds or an HTTP date. */
function parseRetryAfter(value) {
  if (value == null || value === '') return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

function segment(value, name) {
  if (value === undefined || value === null || value === '') throw new TypeError(`${name} is required`);
  return encodeURIComponent(String(value));
}

function queryString(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, String(one));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** `period` given as '7d' or as {period: '7d', ...}. */
function periodParams(params, fallback) {
  if (typeof params === 'string') return { period: params };
  return { period: fallback, ...(params || {}) };
}

function backoffMs(attempt) {
  const base = Math.min(8000, 500 * 2 ** attempt);
  return base * (0.75 + Math.random() * 0.5);
}

function defaultSleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function defaultBaseURL() {
  const fromEnv = typeof process !== 'undefined' && process.env ? process.env.NOTETICKETING_BASE_URL : undefined;
  return fromEnv || DEFAULT_BASE_URL;
}

// --- pages -------------------------------------------------------------------------------

/**
 * Gives a page body `for await` over every item from it to the last page, and
 * `nextPage()`. Both are non-enumerable, so the page still prints as the API's JSON.
 */
function attachPaging(page, key, fetchPage, params) {
  Object.defineProperty(page, 'hasNextPage', {
    value: () => page[key].length > 0 && page.offset + page[key].length < page.total,
  });
  Object.defineProperty(page, 'nextPage', {
    value: () => (page.hasNextPage() ? fetchPage({ ...params, offset: page.offset + page[key].length }) : Promise.resolve(null)),
  });
  Object.defineProperty(page, Symbol.asyncIterator, {
    value: async function* iterate() {
      let current = page;
      while (current) {
        yield* current[key];
        current = await current.nextPage();
      }
    },
  });
  return page;
}

/** A promise of the first page that `for await` also walks, item by item, to the end. */
function pagePromise(promise) {
  Object.defineProperty(promise, Symbol.asyncIterator, {
    value: async function* iterate() {
      yield* await promise;
    },
  });
  return promise;
}

function paginated(client, path, key, params, options) {
  const fetchPage = (pageParams) =>
    client._request('GET', path, { query: pageParams, ...options }).then((page) => attachPaging(page, key, fetchPage, pageParams));
  return pagePromise(fetchPage({ ...(params || {}) }));
}

// --- resources ---------------------------------------------------------------------------

class Resource {
  constructor(client) {
    this._client = client;
  }

  _guild(guildId) {
    return `/guilds/${segment(guildId, 'guildId')}`;
  }
}

class Guilds extends Resource {
  list(options) {
    return this._client._request('GET', '/guilds', options);
  }
  get(guildId, options) {
    return this._client._request('GET', this._guild(guildId), options);
  }
  channels(guildId, options) {
    return this._client._request('GET', `${this._guild(guildId)}/channels`, options);
  }
  stats(guildId, params, options) {
    return this._client._request('GET', `${this._guild(guildId)}/stats`, { query: periodParams(params, '7d'), ...options });
  }
  getConfig(guildId, options) {
    return this._client._request('GET', `${this._guild(guildId)}/config`, options);
  }
  updateConfig(guildId, changes, options) {
    return this._client._request('PATCH', `${this._guild(guildId)}/config`, { body: changes, ...options });
  }
  monitorChannel(guildId, channelId, options) {
    const body = { channel_id: String(channelId) };
    return this._client._request('POST', `${this._guild(guildId)}/channels/monitor`, { body, ...options });
  }
  unmonitorChannel(guildId, channelId, options) {
    const path = `${this._guild(guildId)}/channels/monitor/${segment(channelId, 'channelId')}`;
    return this._client._request('DELETE', path, options);
  }
}

class ActionItems extends Resource {
  _item(guildId, itemId) {
    return `${this._guild(guildId)}/action-items/${segment(itemId, 'itemId')}`;
  }
  /** One page; `await` it for the page, or `for await` it for every item of every page. */
  list(guildId, params, options) {
    return paginated(this._client, `${this._guild(guildId)}/action-items`, 'action_items', params, options);
  }
  /** Every item matching `params`, page after page. */
  iterate(guildId, params, options) {
    return this.list(guildId, params, options)[Symbol.asyncIterator]();
  }
  get(guildId, itemId, options) {
    return this._client._request('GET', this._item(guildId, itemId), options);
  }
  create(guildId, item, options) {
    return this._client._request('POST', `${this._guild(guildId)}/action-items`, { body: item, ...options });
  }
  update(guildId, itemId, changes, options) {
    return this._client._request('PUT', this._item(guildId, itemId), { body: changes, ...options });
  }
  delete(guildId, itemId, options) {
    return this._client._request('DELETE', this._item(guildId, itemId), options);
  }
  setStatus(guildId, itemId, status, options) {
    const body = typeof status === 'string' ? { status } : status;
    return this._client._request('PATCH', `${this._item(guildId, itemId)}/status`, { body, ...options });
  }
}

class Sweeps extends Resource {
  status(guildId, options) {
    return this._client._request('GET', `${this._guild(guildId)}/sweep/status`, options);
  }
  trigger(guildId, body, options) {
    return this._client._request('POST', `${this._guild(guildId)}/sweep/trigger`, { body: body || {}, ...options });
  }
  history(guildId, params, options) {
    return paginated(this._client, `${this._guild(guildId)}/sweep/history`, 'sweeps', params, options);
  }
}

class Analytics extends Resource {
  overview(guildId, params, options) {
    return this._client._request('GET', `${this._guild(guildId)}/analytics`, { query: periodParams(params, '30d'), ...options });
  }
  actionItems(guildId, params, options) {
    const path = `${this._guild(guildId)}/analytics/action-items`;
    return this._client._request('GET', path, { query: periodParams(params, '30d'), ...options });
  }
}

class Permissions extends Resource {
  _path(guildId, userId) {
    return `${this._guild(guildId)}/users/${segment(userId, 'userId')}/permissions`;
  }
  get(guildId, userId, options) {
    return this._client._request('GET', this._path(guildId, userId), options);
  }
  /** `permissions` is the flags object, or the whole body `{permissions: {...}}`. */
  set(guildId, userId, permissions, options) {
    const wrapped = permissions && typeof permissions.permissions === 'object' && permissions.permissions !== null;
    const body = wrapped ? permissions : { permissions };
    return this._client._request('PUT', this._path(guildId, userId), { body, ...options });
  }
}

class Privacy extends Resource {
  audit(guildId, params, options) {
    return paginated(this._client, `${this._guild(guildId)}/privacy/audit`, 'audit_logs', params, options);
  }
  /**
   * The export, streamed. With `params.path` it is written to that file and resolves to
   * `{path, bytes, contentType, filename, requestId}`; without, it resolves to
   * `{stream, contentType, filename, requestId}` where `stream` is a web ReadableStream.
   */
  async export(guildId, params = {}, options) {
    const { path, ...query } = params || {};
    const response = await this._client._request('GET', `${this._guild(guildId)}/export`, { query, stream: true, ...options });
    const disposition = response.headers.get('content-disposition') || '';
    const match = /filename="?([^";]+)"?/.exec(disposition);
    const meta = {
      contentType: response.headers.get('content-type'),
      filename: match ? match[1] : null,
      requestId: response.headers.get('x-request-id'),
    };
    if (path === undefined || path === null) return { stream: response.body, ...meta };
    let bytes = 0;
    const source = Readable.fromWeb(response.body);
    source.on('data', (chunk) => {
      bytes += chunk.length;
    });
    try {
      await pipeline(source, fs.createWriteStream(path));
    } catch (error) {
      await fs.promises.rm(path, { force: true });
      throw error;
    }
    return { path, bytes, ...meta };
  }
  /** Erase a user's personal data in the guild (the endpoint answers what was erased). */
  deleteUserData(guildId, userId, options) {
    return this._client._request('DELETE', `${this._guild(guildId)}/users/${segment(userId, 'userId')}/data`, options);
  }
}

class Webhooks extends Resource {
  _one(guildId, webhookId) {
    return `${this._guild(guildId)}/webhooks/${segment(webhookId, 'webhookId')}`;
  }
  list(guildId, options) {
    return this._client._request('GET', `${this._guild(guildId)}/webhooks`, options);
  }
  /** Resolves to the endpoint with its `secret`, shown this once. */
  create(guildId, webhook, options) {
    return this._client._request('POST', `${this._guild(guildId)}/webhooks`, { body: webhook, ...options });
  }
  get(guildId, webhookId, options) {
    return this._client._request('GET', this._one(guildId, webhookId), options);
  }
  update(guildId, webhookId, changes, options) {
    return this._client._request('PATCH', this._one(guildId, webhookId), { body: changes, ...options });
  }
  delete(guildId, webhookId, options) {
    return this._client._request('DELETE', this._one(guildId, webhookId), options);
  }
  rotateSecret(guildId, webhookId, options) {
    return this._client._request('POST', `${this._one(guildId, webhookId)}/rotate-secret`, options);
  }
  /** Queue a `ping` delivery to this endpoint; resolves to the delivery. */
  test(guildId, webhookId, options) {
    return this._client._request('POST', `${this._one(guildId, webhookId)}/test`, options);
  }
  deliveries(guildId, webhookId, params, options) {
    return paginated(this._client, `${this._one(guildId, webhookId)}/deliveries`, 'deliveries', params, options);
  }
  redeliver(guildId, webhookId, deliveryId, options) {
    const path = `${this._one(guildId, webhookId)}/deliveries/${segment(deliveryId, 'deliveryId')}/redeliver`;
    return this._client._request('POST', path, options);
  }
}

// --- the client --------------------------------------------------------------------------

class NoteTicketingAPI {
  /**
   * @param {object} [opts]
   * @param {string} [opts.apiKey] defaults to NOTETICKETING_API_KEY
   * @param {string} [opts.baseURL] defaults to NOTETICKETING_BASE_URL, else the public API
   * @param {number} [opts.timeout] milliseconds per attempt (60000)
   * @param {number} [opts.maxRetries] retries after the first attempt (2)
   * @param {number} [opts.maxRetryAfter] longest Retry-After, in seconds, waited out (120)
   * @param {Function} [opts.fetch] a fetch implementation (the global one by default)
   * @param {Function} [opts.sleep] ms => Promise, how retries wait (for tests)
   * @param {object} [opts.headers] extra headers on every request
   */
  constructor(opts = {}) {
    const apiKey = opts.apiKey ?? (typeof process !== 'undefined' ? process.env.NOTETICKETING_API_KEY : undefined);
    if (!apiKey) throw new TypeError('NoteTicketingAPI needs an apiKey (or NOTETICKETING_API_KEY in the environment)');
    this.apiKey = apiKey;
    this.baseURL = String(opts.baseURL || defaultBaseURL()).replace(/\/+$/, '');
    this.timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.maxRetryAfter = opts.maxRetryAfter ?? DEFAULT_MAX_RETRY_AFTER_S;
    this._fetch = opts.fetch || globalThis.fetch;
    if (typeof this._fetch !== 'function') throw new TypeError('No fetch available: use Node 18 or newer, or pass opts.fetch');
    this._sleep = opts.sleep || defaultSleep;
    this._headers = { ...(opts.headers || {}) };
    /** The X-RateLimit-* headers of the latest answer: {limit, remaining, reset} or null. */
    this.rateLimit = null;
    /** The X-Request-ID of the latest answer. */
    this.lastRequestId = null;

    this.guilds = new Guilds(this);
    this.actionItems = new ActionItems(this);
    this.sweeps = new Sweeps(this);
    this.analytics = new Analytics(this);
    this.permissions = new Permissions(this);
    this.privacy = new Privacy(this);
    this.webhooks = new Webhooks(this);
  }

  /**
   * One API call with the retry rules: a 429 waits for Retry-After and tries again (any
   * method: the server did nothing); a 5xx, a timeout or a network failure tries again
   * with backoff only for idempotent methods. Resolves to the parsed JSON (null for 204),
   * or with `stream: true` to the fetch Response itself.
   */
  async _request(method, path, { query, body, stream = false, signal, timeout, maxRetries, headers } = {}) {
    const url = `${this.baseURL}${path}${queryString(query)}`;
    const retries = maxRetries ?? this.maxRetries;
    const init = {
      method,
      headers: {
        Accept: 'application/json',
        'User-Agent': `noteticketing-js/${VERSION} node/${process.version}`,
        ...this._headers,
        ...(headers || {}),
        Authorization: `Bearer ${this.apiKey}`,
      },
    };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    for (let attempt = 0; ; attempt++) {
      const outcome = await this._attempt(url, init, { stream, signal, timeout: timeout ?? this.timeout });
      const wait = this._retryWait(method, outcome, attempt, retries);
      if (wait === null) {
        if (outcome.error) throw outcome.error;
        return outcome.value;
      }
      await this._sleep(wait);
    }
  }

  /** Milliseconds to wait before the next attempt, or null to stop here. */
  _retryWait(method, { error }, attempt, retries) {
    if (!error || attempt >= retries) return null;
    if (error instanceof RateLimitError) {
      if (error.retryAfter === null) return backoffMs(attempt);
      return error.retryAfter <= this.maxRetryAfter ? error.retryAfter * 1000 : null;
    }
    if (!IDEMPOTENT.has(method)) return null;
    if (error instanceof ServerError) {
      const asked = parseRetryAfter(headerValue(error.headers, 'retry-after'));
      return asked !== null && asked <= this.maxRetryAfter ? asked * 1000 : backoffMs(attempt);
    }
    if (error instanceof APIConnectionError) return backoffMs(attempt);
    return null;
  }

  /** One HTTP exchange, as {value} or {error}; only a caller's abort is thrown. */
  async _attempt(url, init, { stream, signal, timeout }) {
    if (signal && signal.aborted) throw signal.reason;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const onAbort = () => controller.abort(signal.reason);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this._fetch(url, { ...init, signal: controller.signal });
      this._remember(response.headers);
      if (response.ok && stream) return { value: response };
      const text = await response.text();
      const parsed = parseBody(text);
      if (!response.ok) return { error: errorFromResponse(response.status, response.headers, parsed) };
      return { value: response.status === 204 || text === '' ? null : parsed };
    } catch (error) {
      if (signal && signal.aborted) throw signal.reason;
      if (timedOut) return { error: new APITimeoutError(`No answer within ${timeout} ms from ${url}`, { code: 'TIMEOUT', cause: error }) };
      const reason = (error && error.cause && (error.cause.code || error.cause.message)) || (error && error.message);
      return { error: new APIConnectionError(`Could not reach ${url}: ${reason}`, { code: 'CONNECTION_ERROR', cause: error }) };
    } finally {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
    }
  }

  _remember(headers) {
    this.lastRequestId = headers.get('x-request-id');
    const limit = headers.get('x-ratelimit-limit');
    if (limit !== null) {
      this.rateLimit = {
        limit: Number(limit),
        remaining: Number(headers.get('x-ratelimit-remaining')),
        reset: Number(headers.get('x-ratelimit-reset')),
      };
    }
  }
}

function parseBody(text) {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// --- webhook verification ----------------------------------------------------------------

function rawBytes(body) {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('verifyWebhook needs the raw request body (a string, Buffer or Uint8Array), not parsed JSON');
}

function safeEqual(a, b) {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

function checkTimestamp(value, tolerance, now) {
  if (!/^\d+$/.test(String(value).trim())) throw new WebhookVerificationError('The webhook timestamp is not a Unix time');
  if (Math.abs(now - Number(value)) > tolerance) {
    throw new WebhookVerificationError(`The webhook timestamp is more than ${tolerance} seconds from now (a replay?)`);
  }
}

function standardKey(secret) {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  return Buffer.from(encoded, 'base64');
}

/**
 * Check a delivery's signatures on its exact raw body and return the parsed event.
 * `X-Webhook-Signature: sha256=<hex>` is an HMAC-SHA256 of the body keyed with the secret
 * as written; the Standard Webhooks headers (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64>`), when present, sign `id.timestamp.body` keyed with the
 * bytes the `whsec_` secret encodes. Every signature present must match, at least one must
 * be there, and a timestamp must be within `tolerance` seconds of now. Throws
 * WebhookVerificationError otherwise.
 */
function verifyWebhook(body, headers, secret, { tolerance = WEBHOOK_TOLERANCE_S, now } = {}) {
  if (!secret || typeof secret !== 'string') throw new TypeError('verifyWebhook needs the endpoint secret');
  const bytes = rawBytes(body);
  const nowSeconds = now === undefined ? Math.floor(Date.now() / 1000) : now instanceof Date ? Math.floor(now.getTime() / 1000) : now;
  const github = headerValue(headers, 'x-webhook-signature');
  const standard = headerValue(headers, 'webhook-signature');
  if (!github && !standard) throw new WebhookVerificationError('No X-Webhook-Signature or webhook-signature header');

  if (github) {
    const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(bytes).digest('hex');
    if (!safeEqual(github.trim().toLowerCase(), expected)) throw new WebhookVerificationError('X-Webhook-Signature does not match the body');
    const timestamp = headerValue(headers, 'x-webhook-timestamp');
    if (timestamp && !standard) checkTimestamp(timestamp, tolerance, nowSeconds);
  }
  if (standard) {
    const id = headerValue(headers, 'webhook-id');
    const timestamp = headerValue(headers, 'webhook-timestamp');
    if (!id || !timestamp) throw new WebhookVerificationError('webhook-signature needs webhook-id and webhook-timestamp');
    checkTimestamp(timestamp, tolerance, nowSeconds);
    const signed = Buffer.concat([Buffer.from(`${id}.${timestamp.trim()}.`, 'utf8'), bytes]);
    const expected = crypto.createHmac('sha256', standardKey(secret)).update(signed).digest('base64');
    const offered = standard.split(' ').filter(Boolean);
    const matches = offered.some((entry) => {
      const [version, signature] = entry.split(',', 2);
      return version === 'v1' && signature !== undefined && safeEqual(signature, expected);
    });
    if (!matches) throw new WebhookVerificationError('webhook-signature does not match the body');
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new WebhookVerificationError('The webhook body is not JSON');
  }
}

// --- exports -----------------------------------------------------------------------------

Object.assign(NoteTicketingAPI, {
  NoteTicketingAPI,
  default: NoteTicketingAPI,
  VERSION,
  DEFAULT_BASE_URL,
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
});

module.exports = NoteTicketingAPI;
