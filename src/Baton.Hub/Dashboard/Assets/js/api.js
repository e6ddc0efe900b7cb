// The hub's JSON API, as the page session (its HttpOnly cookie) calls it. Every request carries X-Baton-Page: a page
// of another origin cannot add that header without a CORS preflight the hub never grants.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(method, path, body, signal) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      cache: "no-store",
      headers: body === undefined ? { "X-Baton-Page": "1" } : { "X-Baton-Page": "1", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, "hub_unreachable", "the hub cannot be reached");
  }
  return read(response);
}

/** The JSON of a response, or an ApiError naming why it failed. */
export async function read(response) {
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
  if (!response.ok) {
    throw new ApiError(response.status, json?.code || "http_" + response.status, json?.message || response.statusText);
  }
  return json;
}

export const api = {
  get: (path, signal) => call("GET", path, undefined, signal),
  post: (path, body) => call("POST", path, body),
};
