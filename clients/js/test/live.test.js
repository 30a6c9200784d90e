'use strict';
// The SDK against the real server (gunicorn, a Celery worker, a database seeded by
// seed_demo), whose address and keys come from the environment; tests/sdk/test_js_sdk.py
// starts one and runs this file. Without NT_BASE_URL every test here is skipped.
//
//   NT_BASE_URL      http://127.0.0.1:PORT/v1
//   NT_API_KEY       a key of the demo member (every permission)
//   NT_LIMITED_KEY   a key with a few requests per short window (the 429 tests)
//   NT_GUILD_ID      the demo guild; NT_CHANNEL_IDS its channels, comma-separated
//   NT_USER_ID       the demo member (default user123)
//   NT_MEMBER_KEY    a key of jsviewer01, a user the guild does not know yet (the 403 test)
//
// The tests share one server with the Python SDK's suite, so each makes what it changes
// (items, webhooks, users) and puts back what it changes of the demo guild.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

const NoteTicketingAPI = require('@noteticketing/api');
const {
  APIError,
  ValidationError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  WebhookVerificationError,
  verifyWebhook,
} = NoteTicketingAPI;

const env = process.env;
const SKIP = env.NT_BASE_URL
  ? false
  : 'NT_BASE_URL is not set: the live tests need a running server (make test starts one through tests/sdk/test_js_sdk.py)';
const BASE_URL = env.NT_BASE_URL || '';
const GUILD = env.NT_GUILD_ID || '123456789';
const CHANNELS = (env.NT_CHANNEL_IDS || '987654321').split(',').filter(Boolean);
const USER = env.NT_USER_ID || 'user123';
const DELIVERY_WAIT_MS = 30_000;
// Users this run makes up, so a rerun on the same database finds none of its leftovers.
const RUN = Date.now().toString(36);
const who = (name) => `js${name}_${RUN}`;

const SPEC_EXAMPLE = `const NoteTicketingAPI = require('@noteticketing/api');
const api = new NoteTicketingAPI({apiKey: 'your_api_key_here', baseURL: 'https://api.noteticketing.com/v1'});
const config = await api.guilds.getConfig('123456789');
const actionItem = await api.actionItems.create('123456789', {channel_id: '987654321', text: 'Follow up on project proposal', priority: 'high'});`;

function client(options = {}) {
  return new NoteTicketingAPI({ apiKey: env.NT_API_KEY, baseURL: BASE_URL, ...options });
}

function newItem(api, fields = {}) {
  return api.actionItems.create(GUILD, { channel_id: CHANNELS[0], text: 'Book the venue for the launch party', ...fields });
}

/** The error an API call fails with, checked for its class, status, code and request id. */
async function failure(promise, Class, status, code) {
  const error = await promise.then(
    (value) => assert.fail(`expected ${Class.name}, got ${JSON.stringify(value)}`),
    (e) => e,
  );
  assert.ok(error instanceof Class, `expected ${Class.name}, got ${error && error.stack}`);
  assert.ok(error instanceof APIError);
  assert.equal(error.status, status);
  assert.equal(error.code, code);
  assert.match(error.message, /\S/);
  assert.match(error.requestId, /^req_\w+$/);
  assert.equal(error.requestId, error.headers.get('x-request-id'));
  return error;
}

async function waitFor(condition, what, ms = DELIVERY_WAIT_MS) {
  const deadline = Date.now() + ms;
  for (;;) {
    const result = await condition();
    if (result) return result;
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A webhook receiver on 127.0.0.1 that keeps each request's raw body and headers. */
function startReceiver() {
  const received = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        received,
        close: () => new Promise((done) => server.close(done)),
        /** The first received request that `match` accepts. */
        waitFor: (what, match) =>
          waitFor(
            () => received.find(match),
            `${what} to reach the receiver (is a Celery worker serving the live server?)`,
          ),
      });
    });
  });
}

const eventOf = (request) => JSON.parse(request.body.toString('utf8'));

describe('live: the spec', { skip: SKIP }, () => {
  it('runs the README/spec JavaScript example as written', async (t) => {
    const specFile = path.resolve(__dirname, '../../../../shared/spec/API.md');
    if (fs.existsSync(specFile)) {
      const spec = fs.readFileSync(specFile, 'utf8');
      const block = /## SDKs\s+JavaScript:\s+```js\n([\s\S]*?)\n```/.exec(spec);
      assert.ok(block, `no JavaScript example under "## SDKs" in ${specFile}`);
      assert.equal(block[1], SPEC_EXAMPLE, 'the spec example changed: update SPEC_EXAMPLE');
    } else {
      t.diagnostic(`${specFile} not found; running the copy of the example in this file`);
    }
    // The spec's lines, with the placeholders pointed at this server; top-level await
    // as written, so they run inside an async function (as in a REPL or an async handler).
    const code = SPEC_EXAMPLE.replace("'your_api_key_here'", JSON.stringify(env.NT_API_KEY))
      .replace("'https://api.noteticketing.com/v1'", JSON.stringify(BASE_URL))
      .replaceAll("'123456789'", JSON.stringify(GUILD))
      .replaceAll("'987654321'", JSON.stringify(CHANNELS[0]));
    const AsyncFunction = (async () => {}).constructor;
    const run = new AsyncFunction('require', `${code}\nreturn { api, config, actionItem };`);
    const { api, config, actionItem } = await run(require);

    assert.ok(api instanceof NoteTicketingAPI);
    assert.equal(config.guild_id, GUILD);
    assert.equal(typeof config.sweep_interval_hours, 'number');
    assert.match(actionItem.id, /^[0-9a-f]{12}$/);
    assert.equal(actionItem.text, 'Follow up on project proposal');
    assert.equal(actionItem.priority, 'high');
    assert.equal(actionItem.channel_id, CHANNELS[0]);
    assert.equal(actionItem.status, 'pending');
    await api.actionItems.delete(GUILD, actionItem.id);
  });
});

describe('live: every method', { skip: SKIP }, () => {
  const api = SKIP ? null : client();

  it('guilds: list, get, channels, stats', async () => {
    const listed = await api.guilds.list();
    const guild = await api.guilds.get(GUILD);
    const { channels } = await api.guilds.channels(GUILD);
    const week = await api.guilds.stats(GUILD);
    const month = await api.guilds.stats(GUILD, '30d');

    assert.deepEqual(listed.guilds.find((g) => g.id === GUILD), guild);
    assert.equal(listed.total, listed.guilds.length);
    assert.deepEqual(channels.map((c) => c.id), CHANNELS);
    assert.equal(week.period, '7d');
    assert.equal(month.period, '30d');
    assert.match(api.lastRequestId, /^req_/);
    assert.ok(api.rateLimit.limit > 0 && api.rateLimit.remaining >= 0 && api.rateLimit.reset > 0);
  });

  it('guilds: getConfig, updateConfig, monitorChannel, unmonitorChannel', async () => {
    const original = await api.guilds.getConfig(GUILD);
    const channel = CHANNELS[2];
    try {
      const updated = await api.guilds.updateConfig(GUILD, { privacy_mode_enabled: !original.privacy_mode_enabled, sweep_interval_hours: 4 });
      assert.equal(updated.privacy_mode_enabled, !original.privacy_mode_enabled);
      assert.equal(updated.sweep_interval_hours, 4);

      const monitored = await api.guilds.monitorChannel(GUILD, channel);
      assert.equal(monitored.id, channel);
      assert.equal(monitored.monitored, true);
      assert.ok((await api.guilds.getConfig(GUILD)).channels_to_monitor.includes(channel));
      assert.equal(await api.guilds.unmonitorChannel(GUILD, channel), null);
      assert.ok(!(await api.guilds.getConfig(GUILD)).channels_to_monitor.includes(channel));
    } finally {
      await api.guilds.updateConfig(GUILD, {
        privacy_mode_enabled: original.privacy_mode_enabled,
        sweep_interval_hours: original.sweep_interval_hours,
        channels_to_monitor: original.channels_to_monitor,
      });
    }
  });

  it('actionItems: create, get, update, setStatus, list, delete', async () => {
    const created = await newItem(api, { priority: 'high', category: 'project', assigned_to: who('owner') });
    assert.deepEqual(await api.actionItems.get(GUILD, created.id), created);

    const updated = await api.actionItems.update(GUILD, created.id, { text: 'Book the venue - UPDATED', priority: 'medium' });
    assert.equal(updated.text, 'Book the venue - UPDATED');
    assert.equal(updated.priority, 'medium');
    assert.equal((await api.actionItems.setStatus(GUILD, created.id, 'in_progress')).status, 'in_progress');
    assert.equal((await api.actionItems.setStatus(GUILD, created.id, { status: 'completed' })).status, 'completed');

    const mine = await api.actionItems.list(GUILD, { assigned_to: who('owner'), status: 'completed' });
    assert.deepEqual(mine.action_items.map((i) => i.id), [created.id]);
    assert.equal(mine.total, 1);

    assert.equal(await api.actionItems.delete(GUILD, created.id), null);
    await failure(api.actionItems.get(GUILD, created.id), NotFoundError, 404, 'NOT_FOUND');
  });

  it('actionItems: list filters and sorts', async () => {
    const high = await api.actionItems.list(GUILD, { priority: 'high', sort: 'created_at', order: 'asc', limit: 2 });
    assert.equal(high.limit, 2);
    assert.equal(high.offset, 0);
    assert.equal(high.action_items.length, Math.min(2, high.total));
    assert.ok(high.action_items.every((i) => i.priority === 'high'));
  });

  it('actionItems: pagination to the end (for await on list, iterate, nextPage)', async () => {
    const made = [];
    try {
      await pagesToTheEnd(made);
    } finally {
      for (const item of made) await api.actionItems.delete(GUILD, item.id);
    }
  });

  async function pagesToTheEnd(made) {
    for (let i = 0; i < 3; i++) made.push(await newItem(api, { text: `Paginated item ${i}`, assigned_to: who('pager') }));
    const { total } = await api.actionItems.list(GUILD, { limit: 1 });
    assert.ok(total > 5, `only ${total} items: too few to page`);

    const walked = [];
    for await (const item of api.actionItems.list(GUILD, { limit: 5, sort: 'created_at' })) walked.push(item.id);
    assert.equal(walked.length, total);
    assert.equal(new Set(walked).size, total);

    const mine = [];
    for await (const item of api.actionItems.iterate(GUILD, { limit: 2, assigned_to: who('pager') })) mine.push(item.text);
    assert.deepEqual(mine.sort(), ['Paginated item 0', 'Paginated item 1', 'Paginated item 2']);

    let pages = 0;
    let seen = 0;
    for (let page = await api.actionItems.list(GUILD, { limit: 4 }); page; page = await page.nextPage()) {
      pages += 1;
      seen += page.action_items.length;
    }
    assert.equal(seen, total);
    assert.equal(pages, Math.ceil(total / 4));
  }

  it('sweeps: status, trigger, history (paged to the end)', async () => {
    const status = await api.sweeps.status(GUILD);
    const sweep = await api.sweeps.trigger(GUILD, { channel_ids: [CHANNELS[0]], force: true });
    const history = await api.sweeps.history(GUILD, { limit: 5 });

    assert.equal(status.guild_id, GUILD);
    assert.equal(typeof status.monitored_channels, 'number');
    assert.ok(sweep.id);
    assert.equal(history.limit, 5);
    assert.ok(history.sweeps.some((s) => s.id === sweep.id));
    const all = [];
    for await (const one of api.sweeps.history(GUILD, { limit: 1 })) all.push(one.id);
    assert.equal(all.length, history.total);
    assert.ok(all.includes(sweep.id));
  });

  it('analytics: overview, actionItems', async () => {
    const overview = await api.analytics.overview(GUILD, '7d');
    const breakdown = await api.analytics.actionItems(GUILD);
    const daily = await api.analytics.actionItems(GUILD, { period: '1d' });

    assert.equal(overview.guild_id, GUILD);
    assert.equal(overview.period, '7d');
    assert.equal(overview.trends.action_items_per_day.length, 7);
    assert.equal(breakdown.period, '30d');
    assert.ok(['high', 'medium', 'low'].every((p) => p in breakdown.by_priority));
    assert.equal(daily.period, '1d');
  });

  it('permissions: set, get', async () => {
    const granted = await api.permissions.set(GUILD, who('helper'), { can_view_analytics: true });
    const wrapped = await api.permissions.set(GUILD, who('helper'), { permissions: { can_trigger_sweeps: true } });
    const read = await api.permissions.get(GUILD, who('helper'));

    assert.equal(granted.user_id, who('helper'));
    assert.equal(granted.guild_id, GUILD);
    assert.deepEqual(wrapped, read);
    assert.deepEqual(read.permissions, { can_configure_bot: false, can_manage_action_items: false, can_view_analytics: true, can_trigger_sweeps: true });
    assert.equal((await api.permissions.get(GUILD, USER)).user_id, USER);
  });

  it('privacy: audit (paged to the end), deleteUserData', async () => {
    await api.permissions.set(GUILD, who('erased'), { can_view_analytics: true });
    const item = await newItem(api, { assigned_to: who('erased') });

    const erased = await api.privacy.deleteUserData(GUILD, who('erased'));
    assert.equal(erased.user_id, who('erased'));
    assert.equal(erased.action_items_unassigned, 1);
    assert.equal(erased.membership_removed, true);
    assert.equal((await api.actionItems.get(GUILD, item.id)).assigned_to, null);
    await failure(api.permissions.get(GUILD, who('erased')), NotFoundError, 404, 'NOT_FOUND');

    const deletions = await api.privacy.audit(GUILD, { action: 'data_deletion', limit: 10 });
    assert.equal(deletions.limit, 10);
    assert.equal(deletions.audit_logs[0].action, 'data_deletion');
    // Reading the audit log adds data_access entries, so page a kind that stays put.
    const all = [];
    for await (const entry of api.privacy.audit(GUILD, { action: 'data_deletion', limit: 1 })) all.push(entry);
    assert.equal(all.length, deletions.total);
    assert.ok(all.every((entry) => entry.action === 'data_deletion'));
    await api.actionItems.delete(GUILD, item.id);
  });

  it('privacy: export streamed to a file, or as a ReadableStream', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-live-export-'));
    try {
      const asJson = await api.privacy.export(GUILD, { path: path.join(folder, 'e.json') });
      const exported = JSON.parse(fs.readFileSync(asJson.path, 'utf8'));
      assert.equal(asJson.bytes, fs.statSync(asJson.path).size);
      assert.match(asJson.contentType, /^application\/json/);
      assert.match(asJson.filename, new RegExp(`^noteticketing-${GUILD}-\\d{8}\\.json$`));
      assert.match(asJson.requestId, /^req_/);
      assert.ok(exported.action_items.length > 0);

      const asCsv = await api.privacy.export(GUILD, { format: 'csv' });
      let csv = '';
      for await (const chunk of asCsv.stream) csv += Buffer.from(chunk).toString('utf8');
      const rows = csv.trim().split(/\r?\n/);
      assert.match(asCsv.contentType, /^text\/csv/);
      assert.ok(rows.length > 1);
      assert.match(rows[0], /\bid\b/);

      const zip = await api.privacy.export(GUILD, { format: 'csv', include_audit: true, path: path.join(folder, 'e.zip') });
      assert.match(zip.contentType, /^application\/zip/);
      assert.equal(fs.readFileSync(zip.path).subarray(0, 2).toString('latin1'), 'PK');

      const refused = path.join(folder, 'never.txt');
      const error = await failure(api.privacy.export(GUILD, { format: 'xml', path: refused }), ValidationError, 400, 'VALIDATION_ERROR');
      assert.equal(error.details.field, 'format');
      assert.ok(!fs.existsSync(refused));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('live: webhooks the server signed', { skip: SKIP }, () => {
  const api = SKIP ? null : client();
  let receiver;
  before(async () => {
    receiver = await startReceiver();
  });
  after(() => receiver && receiver.close());

  it('create, get, list, update, test, deliveries, redeliver, rotateSecret, delete; verifyWebhook on raw bodies', async () => {
    let hook;
    try {
      hook = await api.webhooks.create(GUILD, { url: `${receiver.url}/hook`, events: ['action_item.created'] });
    } catch (error) {
      if (error instanceof ValidationError && error.details.field === 'url') {
        assert.fail(`the server refused a loopback webhook URL (${error.details.issue}): start it with WEBHOOK_ALLOW_LOOPBACK=true`);
      }
      throw error;
    }
    try {
      assert.match(hook.id, /^wh_[0-9a-f]{16}$/);
      assert.match(hook.secret, /^whsec_/);
      const fetched = await api.webhooks.get(GUILD, hook.id);
      assert.equal(fetched.url, hook.url);
      assert.equal(fetched.secret, undefined);
      assert.ok((await api.webhooks.list(GUILD)).webhooks.some((w) => w.id === hook.id));
      const widened = await api.webhooks.update(GUILD, hook.id, { events: ['action_item.created', 'action_item.deleted'] });
      assert.deepEqual(widened.events, ['action_item.created', 'action_item.deleted']);

      // A ping, signed by the server; verified on the exact bytes received.
      const ping = await api.webhooks.test(GUILD, hook.id);
      assert.equal(ping.event, 'ping');
      const first = await receiver.waitFor('the ping', (r) => eventOf(r).event === 'ping');
      assert.equal(first.path, '/hook');
      assert.match(first.headers['x-webhook-signature'], /^sha256=[0-9a-f]{64}$/);
      const event = verifyWebhook(first.body, first.headers, hook.secret);
      assert.equal(event.event, 'ping');
      assert.equal(event.id, ping.event_id);
      assert.equal(event.guild_id, GUILD);
      const onlyGithub = { 'x-webhook-signature': first.headers['x-webhook-signature'] };
      assert.equal(verifyWebhook(first.body, onlyGithub, hook.secret).id, ping.event_id);
      assert.equal(verifyWebhook(first.body.toString('utf8'), new Headers(first.headers), hook.secret).id, ping.event_id);
      const tampered = Buffer.from(first.body.toString('utf8').replace('"ping"', '"pong"'));
      assert.throws(() => verifyWebhook(tampered, first.headers, hook.secret), WebhookVerificationError);
      // The same JSON, spelled differently: the signature covers the bytes, not the data.
      assert.throws(() => verifyWebhook(JSON.stringify(event, null, 1), first.headers, hook.secret), WebhookVerificationError);

      // Its delivery succeeds, then is sent again with the same event id.
      await waitFor(async () => {
        const page = await api.webhooks.deliveries(GUILD, hook.id, { limit: 10 });
        const delivery = page.deliveries.find((d) => d.id === ping.id);
        return delivery && delivery.status === 'succeeded';
      }, "the ping's delivery to succeed");
      const deliveries = [];
      for await (const delivery of api.webhooks.deliveries(GUILD, hook.id, { limit: 1 })) deliveries.push(delivery.id);
      assert.ok(deliveries.includes(ping.id));
      const again = await api.webhooks.redeliver(GUILD, hook.id, ping.id);
      assert.equal(again.status, 'pending');
      const second = await receiver.waitFor('the redelivery', (r) => r !== first && eventOf(r).event === 'ping');
      assert.equal(verifyWebhook(second.body, second.headers, hook.secret).id, ping.event_id);
      assert.equal(second.headers['webhook-id'], first.headers['webhook-id']);

      // A rotated secret signs the next event; the old one no longer verifies.
      const rotated = await api.webhooks.rotateSecret(GUILD, hook.id);
      assert.notEqual(rotated.secret, hook.secret);
      const item = await newItem(api, { text: 'Signed by the server' });
      const created = await receiver.waitFor('action_item.created', (r) => eventOf(r).event === 'action_item.created');
      const verified = verifyWebhook(created.body, created.headers, rotated.secret);
      assert.equal(verified.action_item.id, item.id);
      assert.throws(() => verifyWebhook(created.body, created.headers, hook.secret), WebhookVerificationError);
      await api.actionItems.delete(GUILD, item.id);

      // A paused endpoint cannot be pinged: 409.
      const paused = await api.webhooks.update(GUILD, hook.id, { active: false });
      assert.equal(paused.active, false);
      const conflict = await failure(api.webhooks.test(GUILD, hook.id), ConflictError, 409, 'CONFLICT');
      assert.match(conflict.message, /disabled/);
    } finally {
      await api.webhooks.delete(GUILD, hook.id).catch(() => {});
    }
    await failure(api.webhooks.get(GUILD, hook.id), NotFoundError, 404, 'NOT_FOUND');
  });
});

describe('live: errors', { skip: SKIP }, () => {
  const api = SKIP ? null : client();

  it('ValidationError names the field', async () => {
    const error = await failure(api.actionItems.list(GUILD, { priority: 'urgent' }), ValidationError, 400, 'VALIDATION_ERROR');
    assert.equal(error.details.field, 'priority');
    const created = await failure(api.actionItems.create(GUILD, { channel_id: CHANNELS[0] }), ValidationError, 400, 'VALIDATION_ERROR');
    assert.equal(created.details.field, 'text');
  });

  it('AuthenticationError for an unknown key', async () => {
    const stranger = client({ apiKey: 'ntk_nothing_here' });
    await failure(stranger.guilds.list(), AuthenticationError, 401, 'UNAUTHORIZED');
  });

  it('PermissionDeniedError for a member without the permission', { skip: !env.NT_MEMBER_KEY && 'NT_MEMBER_KEY is not set' }, async () => {
    await api.permissions.set(GUILD, 'jsviewer01', { can_configure_bot: false, can_manage_action_items: false, can_view_analytics: false, can_trigger_sweeps: false });
    const viewer = client({ apiKey: env.NT_MEMBER_KEY });
    assert.equal((await viewer.guilds.get(GUILD)).id, GUILD);
    await failure(viewer.analytics.overview(GUILD), PermissionDeniedError, 403, 'FORBIDDEN');
    await failure(viewer.actionItems.create(GUILD, { channel_id: CHANNELS[0], text: 'Not allowed' }), PermissionDeniedError, 403, 'FORBIDDEN');
  });

  it('NotFoundError for a guild the user is not in', async () => {
    await failure(api.guilds.get('999999999'), NotFoundError, 404, 'NOT_FOUND');
  });

  it('ConflictError for a redelivery still pending', async () => {
    // Nothing listens on port 9: the ping's delivery stays pending (retried for days).
    const hook = await api.webhooks.create(GUILD, { url: 'http://127.0.0.1:9/unreachable', events: ['sweep.failed'] });
    try {
      const ping = await api.webhooks.test(GUILD, hook.id);
      const error = await failure(api.webhooks.redeliver(GUILD, hook.id, ping.id), ConflictError, 409, 'CONFLICT');
      assert.match(error.message, /pending/);
    } finally {
      await api.webhooks.delete(GUILD, hook.id);
    }
  });

  it('RateLimitError once the limited key is spent, with Retry-After', async () => {
    const limited = client({ apiKey: env.NT_LIMITED_KEY, maxRetries: 0 });
    let error = null;
    for (let i = 0; i < 50 && !error; i++) {
      error = await limited.guilds.list().then(() => null, (e) => e);
    }
    assert.ok(error, 'the limited key was never refused');
    await failure(Promise.reject(error), RateLimitError, 429, 'RATE_LIMITED');
    assert.ok(error.retryAfter > 0, `Retry-After: ${error.retryAfter}`);
    assert.equal(error.details.retry_after, error.retryAfter);
    assert.ok(error.details.limit > 0);
  });
});

describe('live: a 429 is retried after Retry-After', { skip: SKIP }, () => {
  it('waits out Retry-After and the call succeeds', async () => {
    const seen = [];
    const recording = async (url, init) => {
      const at = Date.now();
      const response = await fetch(url, init);
      seen.push({ status: response.status, retryAfter: response.headers.get('retry-after'), requestId: response.headers.get('x-request-id'), at });
      return response;
    };
    const limited = client({ apiKey: env.NT_LIMITED_KEY, fetch: recording, maxRetries: 5 });
    for (let i = 0; i < 50 && !seen.some((s) => s.status === 429); i++) {
      const listed = await limited.guilds.list();
      assert.ok(listed.guilds.some((g) => g.id === GUILD));
    }
    const refused = seen.findIndex((s) => s.status === 429);
    assert.ok(refused >= 0, 'the limited key was never refused');
    assert.equal(seen.at(-1).status, 200, `the call ended with ${JSON.stringify(seen.slice(refused))}`);
    const retry = seen[refused + 1];
    const waited = retry.at - seen[refused].at;
    const asked = Number(seen[refused].retryAfter) * 1000;
    assert.ok(asked > 0, 'a 429 without Retry-After');
    assert.ok(waited >= asked, `retried after ${waited} ms; Retry-After asked ${asked} ms`);
    assert.notEqual(retry.requestId, seen[refused].requestId);
  });
});
