// Reading one API answer: loading → loaded or failed, and Retry starts over. The reducer is
// pure so the states can be checked without a DOM; useJson wires it to fetchJson.
import { useCallback, useEffect, useReducer, useRef } from "preact/hooks";
import { ApiError, fetchJson } from "./fetch-json";

export type LoadState<T> =
  | { kind: "loading"; attempt: number }
  | { kind: "loaded"; attempt: number; data: T }
  | { kind: "failed"; attempt: number; message: string; status: number };

export type LoadEvent<T> =
  | { type: "retry" }
  | { type: "loaded"; attempt: number; data: T }
  | { type: "failed"; attempt: number; error: unknown };

export const initialLoadState: LoadState<never> = { kind: "loading", attempt: 0 };

export function loadReducer<T>(state: LoadState<T>, event: LoadEvent<T>): LoadState<T> {
  if (event.type === "retry") return { kind: "loading", attempt: state.attempt + 1 };
  // An answer to an earlier attempt arrives after Retry: the newer attempt decides.
  if (event.attempt !== state.attempt) return state;
  if (event.type === "loaded") return { kind: "loaded", attempt: state.attempt, data: event.data };
  return { kind: "failed", attempt: state.attempt, ...errorText(event.error) };
}

export function errorText(error: unknown): { message: string; status: number } {
  if (error instanceof ApiError) return { message: error.message, status: error.status };
  if (error instanceof Error && error.message) return { message: error.message, status: 0 };
  return { message: "Something went wrong. Try again.", status: 0 };
}

/** GET a URL once per attempt; `url` is a function so a bad id becomes the failed state, not a crash. */
export function useJson<T>(url: () => string): { state: LoadState<T>; retry: () => void } {
  const [state, dispatch] = useReducer<LoadState<T>, LoadEvent<T>>(loadReducer, initialLoadState);
  // The latest url function, read once per attempt: a Retry asks again, a re-render does not.
  const urlOf = useRef(url);
  urlOf.current = url;
  const attempt = state.attempt;
  useEffect(() => {
    let target: string;
    try {
      target = urlOf.current();
    } catch (error) {
      dispatch({ type: "failed", attempt, error });
      return;
    }
    fetchJson<T>(target).then(
      (data) => dispatch({ type: "loaded", attempt, data }),
      (error: unknown) => dispatch({ type: "failed", attempt, error }),
    );
  }, [attempt]);
  const retry = useCallback(() => dispatch({ type: "retry" }), []);
  return { state, retry };
}
