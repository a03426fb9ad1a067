import type { PullRequest } from './contact-provider-driver';
import { ProviderAccessTokenRejectedError } from './provider-errors';

/**
 * Runs one page's requests with a token taken just before them (the caller caches and refreshes
 * it), so a long pull never outlives its token. A 401 gets one forced refresh and the same page is
 * retried; a second 401 propagates. Pages are yielded only after this returns, so a retry never
 * repeats what the caller already received.
 */
export async function withPageToken<T>(request: Pick<PullRequest, 'accessToken' | 'onTokenRejected'>, work: (accessToken: string) => Promise<T>): Promise<T> {
  const token = await request.accessToken();
  try {
    return await work(token);
  } catch (err) {
    if (!(err instanceof ProviderAccessTokenRejectedError)) throw err;
    return work(await (request.onTokenRejected ?? request.accessToken)());
  }
}
