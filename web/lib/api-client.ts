// The web app's REST client, typed by the route declarations in @kaiwa/shared (REST): the path, method, params,
// query, body and the answer's type all come from there, so a call cannot drift from what the server serves.
import { REST, routeUrl, type RestApi, type Result, type RouteData, type RouteDef, type RouteInput } from "@kaiwa/shared";
import { fetchResult } from "./realtime";

/** One route as a function: its input (when the route declares params, query or a body) to its `{ data } | { error }`. */
export type RouteCall<R extends RouteDef> = Record<never, never> extends RouteInput<R>
  ? (input?: RouteInput<R>) => Promise<Result<RouteData<R>>>
  : (input: RouteInput<R>) => Promise<Result<RouteData<R>>>;

/** Every JSON route of REST, by area and name: `api.tags.update({ params: { name }, body })`. */
export type ApiClient = { [G in keyof RestApi]: { [K in keyof RestApi[G]]: RestApi[G][K] extends RouteDef ? RouteCall<RestApi[G][K]> : never } };

/**
 * Call one declared route with the operator's cookie (same origin). Never rejects: a network failure is the
 * retryable UNAVAILABLE, as everywhere else in the app.
 */
export function callApi<R extends RouteDef>(route: R, input?: RouteInput<R>): Promise<Result<RouteData<R>>> {
  const { params, query, body } = (input ?? {}) as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
  return fetchResult<RouteData<R>>(routeUrl(route, params, query), {
    method: route.method.toUpperCase(),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The client of every area of REST; each function is stable, so it may be a hook's dependency. */
export const api = Object.fromEntries(
  Object.entries(REST).map(([area, routes]) => [
    area,
    Object.fromEntries(Object.entries(routes as Record<string, RouteDef>).map(([name, route]) => [name, (input?: RouteInput<RouteDef>) => callApi(route, input)])),
  ]),
) as unknown as ApiClient;
