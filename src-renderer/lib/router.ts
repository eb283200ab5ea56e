/**
 * Hash routes (`#/nodes/<id>`): they work with relative assets behind any host or prefix, in
 * the Electron window, and never collide with the gateway's own paths. `#setup=` is not a route.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'overview' }
  | { name: 'nodes' }
  | { name: 'node'; nodeId: string }
  | { name: 'pair'; profile?: 'phone' | 'node' }
  | { name: 'models' }
  | { name: 'settings' };

/** Parses a location hash into a route; unknown paths land on the overview. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').split('?')[0] ?? '';
  const [head, arg] = path.split('/').map((p) => decodeURIComponent(p));
  switch (head) {
    case 'nodes':
      return arg ? { name: 'node', nodeId: arg } : { name: 'nodes' };
    case 'pair':
      return arg === 'node' || arg === 'phone' ? { name: 'pair', profile: arg } : { name: 'pair' };
    case 'models':
      return { name: 'models' };
    case 'settings':
      return { name: 'settings' };
    default:
      return { name: 'overview' };
  }
}

/** The hash for a route. */
export function routeHref(route: Route): string {
  switch (route.name) {
    case 'overview':
      return '#/';
    case 'nodes':
      return '#/nodes';
    case 'node':
      return `#/nodes/${encodeURIComponent(route.nodeId)}`;
    case 'pair':
      return route.profile ? `#/pair/${route.profile}` : '#/pair';
    case 'models':
      return '#/models';
    case 'settings':
      return '#/settings';
  }
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

/** The current route, re-rendering on navigation. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash, () => '');
  return parseRoute(hash);
}

/** Navigates to a route. */
export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}
