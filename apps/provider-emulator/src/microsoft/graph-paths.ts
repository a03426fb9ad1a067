/**
 * Graph routes under `/v1.0`, for the signed-in user (`/me/...`) and by id or user principal name
 * (`/users/{user}/...`, which must name the token's own account). `/v1.0/...` does not collide with
 * Google's root copies (`/v1/...`).
 */
export const graphPaths = (path: string): string[] => [`v1.0/me/${path}`, `v1.0/users/:user/${path}`];
