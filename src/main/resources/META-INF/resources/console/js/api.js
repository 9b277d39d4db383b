// The service's API as the console calls it. The credentials live in sessionStorage (this tab only, gone when it
// closes) and travel only as the Authorization header: never in a URL, a cookie or a log.

const KEY = 'mssql-bulk.authorization';
export const BASE = '../elements/api-v2/hubs/db';

export function authorization() {
    return sessionStorage.getItem(KEY);
}

export function signIn(elementToken, userSecret) {
    sessionStorage.setItem(KEY, `Element ${elementToken}, User ${userSecret}`);
}

export function signOut() {
    sessionStorage.removeItem(KEY);
}

/** An error reply of the API: its status and its message, as the API words it. */
export class ApiFailure extends Error {
    constructor(status, message, requestId) {
        super(message);
        this.status = status;
        this.requestId = requestId;
    }
}

/** Listeners told when the API refuses the credentials (401): the console returns to sign-in. */
const unauthorizedListeners = [];

export function onUnauthorized(listener) {
    unauthorizedListeners.push(listener);
}

/** fetch() of an API path with the Authorization header; resolves to the Response, rejects with ApiFailure. */
export async function call(path, options = {}) {
    const headers = new Headers(options.headers || {});
    const auth = authorization();
    if (auth) {
        headers.set('Authorization', auth);
    }
    if (!headers.has('Accept')) {
        headers.set('Accept', 'application/json');
    }
    const response = await fetch(BASE + path, {...options, headers, credentials: 'omit', cache: 'no-store'});
    if (response.ok) {
        return response;
    }
    let message = `${response.status} ${response.statusText}`;
    let requestId;
    try {
        const body = await response.json();
        message = body.message || message;
        requestId = body.requestId;
    } catch (ignored) {
        // not JSON: keep the status line
    }
    const failure = new ApiFailure(response.status, message, requestId);
    if (response.status === 401) {
        unauthorizedListeners.forEach(listener => listener(failure));
    }
    throw failure;
}

export async function json(path, options) {
    return (await call(path, options)).json();
}

/** A page of a paged list: the items and the token of the next page (null on the last). */
export async function page(path) {
    const response = await call(path);
    return {items: await response.json(), next: response.headers.get('Elements-Next-Page-Token')};
}

/** Fetches a file with the Authorization header and hands it to the browser as a download named fileName. */
export async function download(path, accept, fileName) {
    const response = await call(path, {headers: {Accept: accept}});
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Reads GET /bulk/{id}/events: EventSource cannot send an Authorization header, so the stream is read with fetch
 * and split into events here (the data lines of each blank-line-separated block). Calls onStatus with each status
 * JSON; resolves when the server closes the stream (after the job's end), rejects with ApiFailure or on abort.
 */
export async function jobEvents(id, onStatus, signal) {
    const response = await call(`/bulk/${encodeURIComponent(id)}/events`,
        {headers: {Accept: 'text/event-stream'}, signal});
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
        const {value, done} = await reader.read();
        if (done) {
            return;
        }
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter(line => line.startsWith('data:'))
                .map(line => line.slice(5).replace(/^ /, '')).join('\n');
            if (data) {
                onStatus(JSON.parse(data));
            }
        }
    }
}
