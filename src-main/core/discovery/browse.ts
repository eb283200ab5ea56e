/**
 * Finds gateways on the LAN for the node wizard: browses `_openclaw-gw._tcp`, keeps a list of
 * what is up (Hearth gateways first) and reports every change. Never throws; without
 * multicast the list simply stays empty and the user types an address instead.
 */
import type { Logger } from '../logger.ts';
import { bonjourFactory, mdnsErrorLogger, type MdnsFactory, type MdnsLike, type MdnsOptions } from './mdns.ts';
import { GATEWAY_SERVICE_PROTOCOL, GATEWAY_SERVICE_TYPE, parseSighting, type DiscoveredGatewayInfo, type ServiceSighting } from './txt-record.ts';

export interface BrowseOptions {
  logger: Logger;
  onChange: (gateways: DiscoveredGatewayInfo[]) => void;
  mdns?: MdnsOptions;
  factory?: MdnsFactory;
}

export interface GatewayBrowser {
  list(): DiscoveredGatewayInfo[];
  stop(): Promise<void>;
}

/** Sorts Hearth gateways first, then by name; one entry per URL. */
export function sortGateways(list: DiscoveredGatewayInfo[]): DiscoveredGatewayInfo[] {
  const byUrl = new Map<string, DiscoveredGatewayInfo>();
  for (const g of list) byUrl.set(g.url, g);
  return [...byUrl.values()].sort((a, b) => Number(b.hearth) - Number(a.hearth) || a.name.localeCompare(b.name));
}

/** Starts browsing; never throws. */
export function browseGateways(o: BrowseOptions): GatewayBrowser {
  const onError = mdnsErrorLogger(o.logger, 'gateway discovery');
  const found = new Map<string, DiscoveredGatewayInfo>();
  const emit = () => o.onChange(sortGateways([...found.values()]));
  let mdns: MdnsLike | undefined;
  let browser: ReturnType<MdnsLike['find']> | undefined;
  try {
    mdns = (o.factory ?? bonjourFactory)(o.mdns ?? {}, onError);
    browser = mdns.find({ type: GATEWAY_SERVICE_TYPE, protocol: GATEWAY_SERVICE_PROTOCOL });
    browser.on('up', (s) => {
      const g = parseSighting(s as ServiceSighting);
      if (!g) return;
      found.set((s as ServiceSighting).name, g);
      emit();
    });
    browser.on('down', (s) => {
      if (found.delete((s as ServiceSighting).name)) emit();
    });
  } catch (err) {
    onError(err as Error);
  }
  return {
    list: () => sortGateways([...found.values()]),
    stop: async () => {
      try {
        browser?.stop();
      } catch {
        /* already stopped */
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        timer.unref?.();
        try {
          mdns?.destroy(() => { clearTimeout(timer); resolve(); });
          if (!mdns) { clearTimeout(timer); resolve(); }
        } catch {
          clearTimeout(timer);
          resolve();
        }
      });
    },
  };
}
