// ESM entry: `import NoteTicketingAPI, { verifyWebhook } from '@noteticketing/api'`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const NoteTicketingAPI = require('./index.js');

export default NoteTicketingAPI;
export const {
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
} = NoteTicketingAPI;
export { NoteTicketingAPI };
