/**
 * Wire envelopes and the one validating parser for each direction. Inbound messages on either
 * side go through `parseWebviewMessage` / `parseHostMessage`, which never throw: a bad message
 * yields a structured `invalid_message` error that the receiver logs and drops.
 */
import * as z from 'zod';
import { COMMANDS, NOTIFICATIONS, REQUESTS, StructuredErrorSchema } from './editorProtocol.js';
import type {
  CommandMethod,
  CommandParams,
  NotificationMethod,
  NotificationParams,
  RequestMethod,
  RequestParams,
  RequestResult,
} from './editorProtocol.js';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result, StructuredError } from '../errors/structuredError.js';

/** Largest accepted serialized message, in characters. */
export const MAX_MESSAGE_LENGTH = 5_000_000;

const requestId = z.number().int().nonnegative();

const RawWebviewMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('command'), method: z.string(), params: z.unknown() }).strict(),
  z.object({ type: z.literal('request'), id: requestId, method: z.string(), params: z.unknown() }).strict(),
]);

const RawHostMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('notification'), method: z.string(), params: z.unknown() }).strict(),
  z
    .object({
      type: z.literal('response'),
      id: requestId,
      result: z.unknown().optional(),
      error: StructuredErrorSchema.optional(),
    })
    .strict(),
]);

/** A validated message from the webview. */
export type WebviewMessage =
  | { [M in CommandMethod]: { type: 'command'; method: M; params: CommandParams<M> } }[CommandMethod]
  | { [M in RequestMethod]: { type: 'request'; id: number; method: M; params: RequestParams<M> } }[RequestMethod];

/** A validated message from the host. */
export type HostMessage =
  | { [M in NotificationMethod]: { type: 'notification'; method: M; params: NotificationParams<M> } }[NotificationMethod]
  | { type: 'response'; id: number; result?: unknown; error?: StructuredError };

function invalid(message: string, path: (string | number)[] = []): StructuredError {
  return structuredError('invalid_message', message, path);
}

function tooLarge(raw: unknown): boolean {
  try {
    return JSON.stringify(raw).length > MAX_MESSAGE_LENGTH;
  } catch {
    return true;
  }
}

function issuesToError(prefix: string, error: z.ZodError): StructuredError {
  const first = error.issues[0];
  const path = first ? first.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) : [];
  return invalid(`${prefix}: ${first?.message ?? 'invalid'}`, path);
}

function has<K extends string>(table: Record<K, unknown>, key: string): key is K {
  return Object.prototype.hasOwnProperty.call(table, key);
}

/** Validates a message received by the host. Never throws. */
export function parseWebviewMessage(raw: unknown): Result<WebviewMessage> {
  if (tooLarge(raw)) return fail(invalid('message too large or not serializable'));
  const envelope = RawWebviewMessage.safeParse(raw);
  if (!envelope.success) return fail(issuesToError('bad envelope', envelope.error));
  const { method } = envelope.data;
  if (envelope.data.type === 'command') {
    if (!has(COMMANDS, method)) return fail(invalid(`unknown command ${JSON.stringify(method)}`, ['method']));
    const params = COMMANDS[method].safeParse(envelope.data.params);
    if (!params.success) return fail(issuesToError(`bad params for ${method}`, params.error));
    return ok({ type: 'command', method, params: params.data } as WebviewMessage);
  }
  if (!has(REQUESTS, method)) return fail(invalid(`unknown request ${JSON.stringify(method)}`, ['method']));
  const params = REQUESTS[method].params.safeParse(envelope.data.params);
  if (!params.success) return fail(issuesToError(`bad params for ${method}`, params.error));
  return ok({ type: 'request', id: envelope.data.id, method, params: params.data } as WebviewMessage);
}

/** Validates a message received by the webview. Never throws. */
export function parseHostMessage(raw: unknown): Result<HostMessage> {
  if (tooLarge(raw)) return fail(invalid('message too large or not serializable'));
  const envelope = RawHostMessage.safeParse(raw);
  if (!envelope.success) return fail(issuesToError('bad envelope', envelope.error));
  if (envelope.data.type === 'response') return ok(envelope.data as HostMessage);
  const { method } = envelope.data;
  if (!has(NOTIFICATIONS, method)) return fail(invalid(`unknown notification ${JSON.stringify(method)}`, ['method']));
  const params = NOTIFICATIONS[method].safeParse(envelope.data.params);
  if (!params.success) return fail(issuesToError(`bad params for ${method}`, params.error));
  return ok({ type: 'notification', method, params: params.data } as HostMessage);
}

/** Builds a command envelope (webview side). */
export function commandMessage<M extends CommandMethod>(
  method: M,
  params: CommandParams<M>,
): { type: 'command'; method: M; params: CommandParams<M> } {
  return { type: 'command', method, params };
}

/** Builds a request envelope (webview side). */
export function requestMessage<M extends RequestMethod>(
  id: number,
  method: M,
  params: RequestParams<M>,
): { type: 'request'; id: number; method: M; params: RequestParams<M> } {
  return { type: 'request', id, method, params };
}

/** Builds a notification envelope (host side). */
export function notificationMessage<M extends NotificationMethod>(
  method: M,
  params: NotificationParams<M>,
): { type: 'notification'; method: M; params: NotificationParams<M> } {
  return { type: 'notification', method, params };
}

/** Builds a response envelope (host side): exactly one of result or error. */
export function responseMessage<M extends RequestMethod>(
  id: number,
  outcome: { result: RequestResult<M> } | { error: StructuredError },
): HostMessage {
  return 'result' in outcome ? { type: 'response', id, result: outcome.result } : { type: 'response', id, error: outcome.error };
}
