// The one way Lotline's UI extensions read and write the app backend: JSON in, JSON out, and
// an error a merchant or customer can read (the app's message when it sent one).

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Per-field messages the app sent with a refused write. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const NETWORK_MESSAGE = "Lotline could not be reached. Check your connection and try again.";

export async function fetchJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set("Accept", "application/json");
  if (init.body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch {
    throw new ApiError(NETWORK_MESSAGE, 0);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = typeof body?.message === "string" && body.message ? body.message : fallbackMessage(response.status);
    const fields = body && typeof body.fields === "object" && body.fields !== null ? body.fields : {};
    throw new ApiError(message, response.status, fields);
  }
  if (body === null) throw new ApiError("Lotline sent an answer that could not be read. Try again.", response.status);
  return body as T;
}

function fallbackMessage(status: number): string {
  if (status === 401 || status === 403) return "Lotline could not confirm who you are. Reload the page and try again.";
  if (status === 404) return "Lotline has no record of this.";
  if (status >= 500) return "Lotline had a problem answering. Try again in a moment.";
  return `Lotline refused the request (HTTP ${status}).`;
}
