// The ESM entry point gives the same class and named extras as require().
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { it } from 'node:test';

import NoteTicketingAPI, { NotFoundError, RateLimitError, verifyWebhook, APIError } from '@noteticketing/api';

const require = createRequire(import.meta.url);

it('imports the class as the default export, the extras by name', () => {
  assert.equal(NoteTicketingAPI, require('@noteticketing/api'));
  assert.equal(NotFoundError, NoteTicketingAPI.NotFoundError);
  assert.equal(RateLimitError, NoteTicketingAPI.RateLimitError);
  assert.equal(verifyWebhook, NoteTicketingAPI.verifyWebhook);
  assert.ok(new NotFoundError('x') instanceof APIError);
  const api = new NoteTicketingAPI({ apiKey: 'k', baseURL: 'http://127.0.0.1:1/v1' });
  assert.equal(typeof api.actionItems.iterate, 'function');
});
