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
  | { name: 'storage' }
  | { name: 'remote' }
  | { name: 'settings' }
  | { name: 'alerts' };

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
    case 'storage':
      return { name: 'storage' };
    case 'settings':
      return { name: 'settings' };
    case 'alerts':
      return { name: 'alerts' };
    case 'remote':
      return { name: 'remote' };
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
    case 'storage':
      return '#/storage';
    case 'settings':
      return '#/settings';
    case 'alerts':
      return '#/alerts';
    case 'remote':
      return '#/remote';
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
