/**
 * Classifies peers for the path indicator. The WireGuard subnets are not known at start-up: the
 * remote module detects them (`wg show`) and hands them over with `setWireguardCidrs`.
 */
import { classifyPeerPath, type Cidr, type PeerPath } from '../net/peer-path.ts';

export class PeerPaths {
  private wireguard: readonly Cidr[] = [];

  setWireguardCidrs(cidrs: readonly Cidr[]): void {
    this.wireguard = [...cidrs];
  }

  classify(remoteIp: string): PeerPath {
    return classifyPeerPath(remoteIp, this.wireguard);
  }
}
