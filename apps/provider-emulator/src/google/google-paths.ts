/**
 * Google routes are served under `/google` (room for `/microsoft` beside it) and also at the root.
 * The root copy is needed: the generated googleapis client resolves API paths against the host of
 * its `rootUrl` (googleapis-common's createAPIRequest does `new URL(path, rootUrl)` with an
 * absolute path), so `rootUrl: 'http://host/google/'` still requests `/v1/...`.
 */
export const googlePaths = (path: string): string[] => [`google/${path}`, path];
