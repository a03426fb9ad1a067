import { httpRequestLabels } from './http-route-label';

describe('httpRequestLabels', () => {
  it('keeps the route template and the status class', () => {
    expect(httpRequestLabels('get', '/persons/:id', 404)).toEqual({ method: 'GET', route: '/persons/:id', status_class: '4xx' });
    expect(httpRequestLabels('POST', '/accounts/:id/sync/refresh', 202)).toEqual({ method: 'POST', route: '/accounts/:id/sync/refresh', status_class: '2xx' });
  });

  it('a request no route matched is "unmatched", never its raw path', () => {
    expect(httpRequestLabels('GET', undefined, 404).route).toBe('unmatched');
    expect(httpRequestLabels('GET', '', 404).route).toBe('unmatched');
  });

  it('a status outside HTTP\'s classes is "other"', () => {
    expect(httpRequestLabels('GET', '/x', 0).status_class).toBe('other');
  });
});
