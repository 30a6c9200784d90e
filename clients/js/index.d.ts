// Type declarations of @noteticketing/api, written by hand to match index.js.
/// <reference types="node" />

import type { ReadableStream } from 'node:stream/web';

declare namespace NoteTicketingAPI {
  type Snowflake = string;
  type Period = '1d' | '7d' | '30d' | '90d';
  type Priority = 'low' | 'medium' | 'high';
  type Status = 'pending' | 'in_progress' | 'completed' | 'archived';
  type Category = string;
  type WebhookEvent =
    | 'action_item.created'
    | 'action_item.updated'
    | 'action_item.status_changed'
    | 'action_item.deleted'
    | 'sweep.completed'
    | 'sweep.failed'
    | 'config.updated'
    | 'ping';

  interface ClientOptions {
    /** Defaults to the NOTETICKETING_API_KEY environment variable. */
    apiKey?: string;
    /** Defaults to NOTETICKETING_BASE_URL, else https://api.noteticketing.com/v1. */
    baseURL?: string;
    /** Milliseconds each attempt may take (default 60000). */
    timeout?: number;
    /** Retries after the first attempt (default 2). */
    maxRetries?: number;
    /** The longest Retry-After, in seconds, that is waited out rather than thrown (default 120). */
    maxRetryAfter?: number;
    /** A fetch implementation; the global fetch by default. */
    fetch?: typeof fetch;
    /** How a retry waits: milliseconds to a promise (tests use it to observe the waits). */
    sleep?: (ms: number) => Promise<unknown>;
    /** Extra headers on every request. */
    headers?: Record<string, string>;
  }

  /** Per-call options, the last argument of every method. */
  interface RequestOptions {
    signal?: AbortSignal;
    timeout?: number;
    maxRetries?: number;
    headers?: Record<string, string>;
  }

  interface RateLimitInfo {
    limit: number;
    remaining: number;
    /** Unix time the window resets. */
    reset: number;
  }

  // --- shapes ----------------------------------------------------------------------------

  interface Guild {
    id: Snowflake;
    name: string;
    icon: string | null;
    member_count: number;
    bot_permissions: string[];
    active: boolean;
    created_at: string;
    [key: string]: unknown;
  }
  interface GuildList {
    guilds: Guild[];
    total: number;
  }
  interface Channel {
    id: Snowflake;
    name: string;
    type: string;
    position: number;
    monitored: boolean;
    output_channel: boolean;
    [key: string]: unknown;
  }
  interface ChannelList {
    channels: Channel[];
  }
  interface GuildConfig {
    guild_id: Snowflake;
    active: boolean;
    privacy_mode_enabled: boolean;
    channels_to_monitor: Snowflake[];
    todo_channel_id: Snowflake | null;
    sweep_output_channel_id: Snowflake | null;
    sweep_interval_hours: number;
    last_sweep_time: string | null;
    created_at: string;
    updated_at: string;
    [key: string]: unknown;
  }
  interface GuildConfigUpdate {
    active?: boolean;
    privacy_mode_enabled?: boolean;
    channels_to_monitor?: Snowflake[];
    todo_channel_id?: Snowflake | null;
    sweep_output_channel_id?: Snowflake | null;
    sweep_interval_hours?: number;
  }

  interface ActionItem {
    id: string;
    guild_id: Snowflake;
    channel_id: Snowflake;
    channel_name: string;
    summary: string;
    text: string;
    priority: Priority;
    category: Category;
    status: Status;
    assigned_to: string | null;
    created_at: string;
    updated_at: string;
    [key: string]: unknown;
  }
  interface ActionItemCreate {
    channel_id: Snowflake;
    text: string;
    summary?: string;
    priority?: Priority;
    category?: Category;
    assigned_to?: string | null;
    [key: string]: unknown;
  }
  interface ActionItemUpdate {
    text?: string;
    summary?: string;
    priority?: Priority;
    category?: Category;
    status?: Status;
    assigned_to?: string | null;
    [key: string]: unknown;
  }
  interface PageParams {
    /** 1 to 100. */
    limit?: number;
    offset?: number;
  }
  interface ActionItemListParams extends PageParams {
    status?: Status;
    priority?: Priority;
    channel_id?: Snowflake;
    assigned_to?: string;
    sort?: 'created_at' | 'priority' | 'updated_at';
    order?: 'asc' | 'desc';
  }

  /**
   * A page as the API returns it, plus (non-enumerable) `for await` over every item from
   * this page to the last, and `nextPage()`.
   */
  type Page<K extends string, T> = { [P in K]: T[] } & {
    total: number;
    limit: number;
    offset: number;
    hasNextPage(): boolean;
    nextPage(): Promise<Page<K, T> | null>;
    [Symbol.asyncIterator](): AsyncIterator<T>;
  };
  /** `await` it for the first page; `for await` it for every item of every page. */
  type PagePromise<K extends string, T> = Promise<Page<K, T>> & AsyncIterable<T>;

  interface Stats {
    guild_id: Snowflake;
    period: Period;
    [key: string]: unknown;
  }
  interface Analytics {
    guild_id: Snowflake;
    period: Period;
    summary: {
      total_messages_processed: number;
      total_action_items: number;
      sweeps_executed: number;
      channels_monitored: number;
    };
    trends: { action_items_per_day: number[]; messages_processed_per_day: number[] };
    top_channels: Array<{
      channel_id: Snowflake;
      channel_name: string;
      action_items: number;
      messages_processed: number;
    }>;
    [key: string]: unknown;
  }
  interface ActionItemAnalytics {
    guild_id: Snowflake;
    period: Period;
    by_priority: Record<string, number>;
    by_category: Record<string, number>;
    by_status: Record<string, number>;
    completion_rate: number;
    [key: string]: unknown;
  }
  type PeriodParams = Period | { period?: Period };

  interface SweepStatus {
    guild_id: Snowflake;
    active: boolean;
    interval_hours: number;
    last_sweep_time: string | null;
    next_sweep_time: string | null;
    output_channel_id: Snowflake | null;
    monitored_channels: number;
    total_action_items: number;
  }
  interface Sweep {
    id: string;
    guild_id: Snowflake;
    triggered_at: string;
    channels_processed: number;
    messages_processed: number;
    action_items_found: number;
    status: string;
    duration_seconds: number | null;
    [key: string]: unknown;
  }
  interface SweepTrigger {
    channel_ids?: Snowflake[];
    force?: boolean;
  }

  interface PermissionFlags {
    can_configure_bot?: boolean;
    can_manage_action_items?: boolean;
    can_view_analytics?: boolean;
    can_trigger_sweeps?: boolean;
  }
  interface MemberPermissions {
    user_id: string;
    guild_id: Snowflake;
    permissions: Required<PermissionFlags>;
    roles: string[];
  }

  interface AuditLog {
    id: string;
    guild_id: Snowflake;
    action: string;
    user_id: string | null;
    details: string;
    timestamp: string;
    ip_address: string | null;
    [key: string]: unknown;
  }
  interface AuditParams extends PageParams {
    action?: 'data_access' | 'data_deletion' | 'privacy_toggle' | string;
  }
  interface ExportParams {
    format?: 'json' | 'csv';
    include_audit?: boolean | 'true' | 'false';
  }
  interface ExportMeta {
    contentType: string | null;
    /** From Content-Disposition. */
    filename: string | null;
    requestId: string | null;
  }
  interface ExportStream extends ExportMeta {
    /** The body as it arrives; `Readable.fromWeb(stream)` for a Node stream. */
    stream: ReadableStream<Uint8Array>;
  }
  interface ExportFile extends ExportMeta {
    path: string;
    bytes: number;
  }
  interface UserDataErasure {
    user_id: string;
    guild_id: Snowflake;
    action_items_unassigned: number;
    excerpts_removed: number;
    membership_removed: boolean;
  }

  interface Webhook {
    id: string;
    url: string;
    events: WebhookEvent[];
    active: boolean;
    disabled_reason: string;
    disabled_at: string | null;
    failing_since: string | null;
    created_at: string;
    updated_at: string;
  }
  interface WebhookWithSecret extends Webhook {
    /** `whsec_...`; shown only by create and rotateSecret. */
    secret: string;
  }
  interface WebhookCreate {
    url: string;
    events: WebhookEvent[];
  }
  interface WebhookUpdate {
    url?: string;
    events?: WebhookEvent[];
    active?: boolean;
  }
  interface WebhookDelivery {
    id: string;
    event_id: string;
    event: WebhookEvent;
    status: string;
    attempt_count: number;
    next_attempt_at: string | null;
    last_attempt_at: string | null;
    created_at: string;
    payload: Record<string, unknown>;
    attempts: Array<{
      created_at: string;
      succeeded: boolean;
      response_status: number | null;
      duration_ms: number;
      response_excerpt: string;
      error: string;
    }>;
  }
  interface WebhookList {
    webhooks: Webhook[];
    total: number;
  }

  // --- resources ---------------------------------------------------------------------------

  interface Guilds {
    list(options?: RequestOptions): Promise<GuildList>;
    get(guildId: Snowflake, options?: RequestOptions): Promise<Guild>;
    channels(guildId: Snowflake, options?: RequestOptions): Promise<ChannelList>;
    /** `period` defaults to '7d'. */
    stats(guildId: Snowflake, params?: PeriodParams, options?: RequestOptions): Promise<Stats>;
    getConfig(guildId: Snowflake, options?: RequestOptions): Promise<GuildConfig>;
    updateConfig(guildId: Snowflake, changes: GuildConfigUpdate, options?: RequestOptions): Promise<GuildConfig>;
    monitorChannel(guildId: Snowflake, channelId: Snowflake, options?: RequestOptions): Promise<Channel>;
    /** Resolves to null (204). */
    unmonitorChannel(guildId: Snowflake, channelId: Snowflake, options?: RequestOptions): Promise<null>;
  }
  interface ActionItems {
    list(guildId: Snowflake, params?: ActionItemListParams, options?: RequestOptions): PagePromise<'action_items', ActionItem>;
    /** Every item matching `params`, page after page. */
    iterate(guildId: Snowflake, params?: ActionItemListParams, options?: RequestOptions): AsyncIterableIterator<ActionItem>;
    get(guildId: Snowflake, itemId: string, options?: RequestOptions): Promise<ActionItem>;
    create(guildId: Snowflake, item: ActionItemCreate, options?: RequestOptions): Promise<ActionItem>;
    update(guildId: Snowflake, itemId: string, changes: ActionItemUpdate, options?: RequestOptions): Promise<ActionItem>;
    /** Resolves to null (204). */
    delete(guildId: Snowflake, itemId: string, options?: RequestOptions): Promise<null>;
    setStatus(guildId: Snowflake, itemId: string, status: Status | { status: Status }, options?: RequestOptions): Promise<ActionItem>;
  }
  interface Sweeps {
    status(guildId: Snowflake, options?: RequestOptions): Promise<SweepStatus>;
    trigger(guildId: Snowflake, body?: SweepTrigger, options?: RequestOptions): Promise<Sweep>;
    history(guildId: Snowflake, params?: PageParams, options?: RequestOptions): PagePromise<'sweeps', Sweep>;
  }
  interface AnalyticsResource {
    /** `period` defaults to '30d'. */
    overview(guildId: Snowflake, params?: PeriodParams, options?: RequestOptions): Promise<Analytics>;
    actionItems(guildId: Snowflake, params?: PeriodParams, options?: RequestOptions): Promise<ActionItemAnalytics>;
  }
  interface PermissionsResource {
    get(guildId: Snowflake, userId: string, options?: RequestOptions): Promise<MemberPermissions>;
    set(
      guildId: Snowflake,
      userId: string,
      permissions: PermissionFlags | { permissions: PermissionFlags },
      options?: RequestOptions,
    ): Promise<MemberPermissions>;
  }
  interface Privacy {
    audit(guildId: Snowflake, params?: AuditParams, options?: RequestOptions): PagePromise<'audit_logs', AuditLog>;
    /** Streams the export into the file at `params.path`. */
    export(guildId: Snowflake, params: ExportParams & { path: string }, options?: RequestOptions): Promise<ExportFile>;
    /** The export as a web ReadableStream. */
    export(guildId: Snowflake, params?: ExportParams, options?: RequestOptions): Promise<ExportStream>;
    deleteUserData(guildId: Snowflake, userId: string, options?: RequestOptions): Promise<UserDataErasure>;
  }
  interface Webhooks {
    list(guildId: Snowflake, options?: RequestOptions): Promise<WebhookList>;
    create(guildId: Snowflake, webhook: WebhookCreate, options?: RequestOptions): Promise<WebhookWithSecret>;
    get(guildId: Snowflake, webhookId: string, options?: RequestOptions): Promise<Webhook>;
    update(guildId: Snowflake, webhookId: string, changes: WebhookUpdate, options?: RequestOptions): Promise<Webhook>;
    /** Resolves to null (204). */
    delete(guildId: Snowflake, webhookId: string, options?: RequestOptions): Promise<null>;
    rotateSecret(guildId: Snowflake, webhookId: string, options?: RequestOptions): Promise<WebhookWithSecret>;
    /** Queues a `ping` delivery. */
    test(guildId: Snowflake, webhookId: string, options?: RequestOptions): Promise<WebhookDelivery>;
    deliveries(
      guildId: Snowflake,
      webhookId: string,
      params?: PageParams,
      options?: RequestOptions,
    ): PagePromise<'deliveries', WebhookDelivery>;
    redeliver(guildId: Snowflake, webhookId: string, deliveryId: string, options?: RequestOptions): Promise<WebhookDelivery>;
  }

  // --- errors ------------------------------------------------------------------------------

  interface ErrorFields {
    status?: number | null;
    code?: string | null;
    details?: Record<string, unknown>;
    requestId?: string | null;
    headers?: Headers | null;
    body?: unknown;
    cause?: unknown;
    retryAfter?: number | null;
  }
  /** Every failure of an API call. `status` is null when no answer came. */
  class APIError extends Error {
    constructor(message: string, fields?: ErrorFields);
    status: number | null;
    /** The envelope's code: VALIDATION_ERROR, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, RATE_LIMITED, ... */
    code: string | null;
    details: Record<string, unknown>;
    /** The answer's request id (`req_...`), from the envelope or X-Request-ID. */
    requestId: string | null;
    headers: Headers | null;
    body: unknown;
  }
  /** 400 */
  class ValidationError extends APIError {}
  /** 401 */
  class AuthenticationError extends APIError {}
  /** 403 */
  class PermissionDeniedError extends APIError {}
  /** 404 */
  class NotFoundError extends APIError {}
  /** 409 */
  class ConflictError extends APIError {}
  /** 429, after the retries */
  class RateLimitError extends APIError {
    /** Seconds from Retry-After. */
    retryAfter: number | null;
  }
  /** 5xx, after the retries */
  class ServerError extends APIError {}
  class APIConnectionError extends APIError {}
  class APITimeoutError extends APIConnectionError {}
  class WebhookVerificationError extends Error {}

  type WebhookHeaders =
    | Headers
    | Record<string, string | string[] | undefined>
    | { get(name: string): string | null };
  interface VerifyOptions {
    /** Seconds a timestamp may be off from now (default 300). */
    tolerance?: number;
    /** "Now" as Unix seconds or a Date (tests). */
    now?: number | Date;
  }
  /**
   * Checks the signatures of a delivery on its exact raw body and returns the parsed event;
   * throws WebhookVerificationError when they do not check out.
   */
  function verifyWebhook(
    body: string | Buffer | Uint8Array | ArrayBuffer,
    headers: WebhookHeaders,
    secret: string,
    options?: VerifyOptions,
  ): Record<string, any>;

  const VERSION: string;
  const DEFAULT_BASE_URL: string;
}

declare class NoteTicketingAPI {
  constructor(options?: NoteTicketingAPI.ClientOptions);
  apiKey: string;
  baseURL: string;
  timeout: number;
  maxRetries: number;
  maxRetryAfter: number;
  /** The X-RateLimit-* headers of the latest answer. */
  rateLimit: NoteTicketingAPI.RateLimitInfo | null;
  /** The X-Request-ID of the latest answer. */
  lastRequestId: string | null;

  guilds: NoteTicketingAPI.Guilds;
  actionItems: NoteTicketingAPI.ActionItems;
  sweeps: NoteTicketingAPI.Sweeps;
  analytics: NoteTicketingAPI.AnalyticsResource;
  permissions: NoteTicketingAPI.PermissionsResource;
  privacy: NoteTicketingAPI.Privacy;
  webhooks: NoteTicketingAPI.Webhooks;
}

export = NoteTicketingAPI;
