/** LAN discovery of gateways over mDNS: advertise (gateway side) and browse (node wizard side). */
export { advertiseGateway, bonjourDisabled, type AdvertiseOptions, type GatewayAdvertiser } from './advertise.ts';
export { browseGateways, sortGateways, type BrowseOptions, type GatewayBrowser } from './browse.ts';
export { GATEWAY_SERVICE_TYPE, gatewayTxt, parseSighting, type DiscoveredGatewayInfo, type GatewayAdvert } from './txt-record.ts';
