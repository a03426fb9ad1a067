/** The labels of one HTTP request in `contact_sync_http_request_duration_seconds`. */
export interface HttpRequestLabels {
  method: string;
  route: string;
  status_class: string;
}

/**
 * The route *template* (`/persons/:id`), never the raw path: ids in paths would give each person its
 * own time series. A request no route matched (404 before routing) is `unmatched`.
 */
export function httpRequestLabels(method: string, routePath: unknown, statusCode: number): HttpRequestLabels {
  const route = typeof routePath === 'string' && routePath.length > 0 ? routePath : 'unmatched';
  const status_class = statusCode >= 100 && statusCode < 600 ? `${Math.floor(statusCode / 100)}xx` : 'other';
  return { method: method.toUpperCase(), route, status_class };
}
