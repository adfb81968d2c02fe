/** metav1.Status failures, shaped and worded as the real apiserver sends them. */
import type { Obj } from './json.js';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  retryAfterSeconds?: number;
}

export const REASON_BY_CODE: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function statusObject(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
  listContinue?: string,
): Obj {
  const s: Obj = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: listContinue ? { continue: listContinue } : {},
    status: 'Failure',
    message,
  };
  if (reason) s.reason = reason;
  if (details) {
    const d: Obj = {};
    if (details.name) d.name = details.name;
    if (details.group) d.group = details.group;
    if (details.kind) d.kind = details.kind;
    if (details.retryAfterSeconds !== undefined) d.retryAfterSeconds = details.retryAfterSeconds;
    s.details = d;
  }
  s.code = code;
  return s;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    readonly listContinue?: string,
  ) {
    super(message);
  }
  toObject(): Obj {
    return statusObject(this.code, this.reason, this.message, this.details, this.listContinue);
  }
}

/** A path that a served group version (the core group, apiextensions.k8s.io/v1) does not know: a Status. */
export const GENERIC_NOT_FOUND = () =>
  new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});

/**
 * A path no handler of kube-apiserver takes: a group, version or resource it does not serve (Cilium's
 * CRDs not installed), a scope that does not match the resource. Its HTTP mux answers as Go's
 * http.NotFound does: "404 page not found" in plain text, not a Status.
 */
export class PageNotFound extends Error {
  constructor() {
    super('404 page not found');
  }
}

export const badRequest = (msg: string) => new StatusError(400, 'BadRequest', msg);

export const EXPIRED_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export const EXPIRED_LIST = 'The resourceVersion for the provided list is too old.';
