/**
 * Announces a running gateway on the LAN (`_openclaw-gw._tcp` + Hearth TXT). Used by both the
 * CLI gateway and the desktop app. Best effort by design: if multicast is unavailable the
 * gateway keeps running and a warning is logged; `stop()` never throws.
 */
import type { Logger } from '../logger.ts';
import { bonjourFactory, mdnsErrorLogger, type MdnsFactory, type MdnsLike, type MdnsOptions } from './mdns.ts';
import { GATEWAY_SERVICE_PROTOCOL, GATEWAY_SERVICE_TYPE, gatewayTxt, type GatewayAdvert } from './txt-record.ts';

export interface AdvertiseOptions extends GatewayAdvert {
  logger: Logger;
  /** Set `HEARTH_DISABLE_BONJOUR=1` (or OpenClaw's OPENCLAW_DISABLE_BONJOUR) to skip. */
  env?: Record<string, string | undefined>;
  mdns?: MdnsOptions;
  factory?: MdnsFactory;
}

export interface GatewayAdvertiser {
  /** False when advertising could not start (logged); the gateway is unaffected. */
  readonly active: boolean;
  stop(): Promise<void>;
}

const inactive: GatewayAdvertiser = { active: false, stop: async () => {} };

/** True when the environment asks for no mDNS at all. */
export function bonjourDisabled(env: Record<string, string | undefined>): boolean {
  return env['HEARTH_DISABLE_BONJOUR'] === '1' || env['OPENCLAW_DISABLE_BONJOUR'] === '1';
}

/** Starts advertising; never throws. */
export function advertiseGateway(o: AdvertiseOptions): GatewayAdvertiser {
  if (bonjourDisabled(o.env ?? process.env)) return inactive;
  const onError = mdnsErrorLogger(o.logger, 'gateway advertisement');
  let mdns: MdnsLike;
  try {
    mdns = (o.factory ?? bonjourFactory)(o.mdns ?? {}, onError);
    const service = mdns.publish({
      name: o.name,
      type: GATEWAY_SERVICE_TYPE,
      protocol: GATEWAY_SERVICE_PROTOCOL,
      port: o.port,
      txt: gatewayTxt(o),
      disableIPv6: true,
    });
    service.on?.('error', onError);
  } catch (err) {
    onError(err as Error);
    return inactive;
  }
  let stopped = false;
  return {
    active: true,
    stop: () => {
      if (stopped) return Promise.resolve();
      stopped = true;
      return new Promise<void>((resolve) => {
        const done = () => resolve();
        // Goodbye packets may never be sent if the socket is broken; do not wait forever.
        const timer = setTimeout(done, 1000);
        timer.unref?.();
        try {
          mdns.unpublishAll(() => {
            try {
              mdns.destroy(() => { clearTimeout(timer); done(); });
            } catch {
              clearTimeout(timer);
              done();
            }
          });
        } catch {
          clearTimeout(timer);
          done();
        }
      });
    },
  };
}
