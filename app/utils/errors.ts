// Errors with a kind: routes turn them into status codes and field messages, jobs stop
// retrying those that cannot succeed on a retry.
export type ErrorKind = "NOT_FOUND" | "NOT_ALLOWED" | "INVALID_DATA" | "CONFLICT";

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

const statusByKind: Record<ErrorKind, number> = {
  NOT_FOUND: 404,
  NOT_ALLOWED: 403,
  INVALID_DATA: 422,
  CONFLICT: 409,
};

export function httpStatus(error: AppError): number {
  return statusByKind[error.kind];
}

/** Retrying cannot fix bad data, a missing record or a refusal; a conflict may clear. */
export function isPermanent(error: unknown): boolean {
  return error instanceof AppError && error.kind !== "CONFLICT";
}
