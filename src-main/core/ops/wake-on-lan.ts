/**
 * Wake-on-LAN: the magic packet (6 × 0xFF, then the MAC 16 times) sent as a UDP broadcast to the
 * sleeping machine's subnet, by default to port 9 (discard), the port network cards listen on.
 */
import { createSocket } from 'node:dgram';

export function parseMac(mac: string): Buffer {
  const hex = mac.replace(/[:-]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) throw new Error(`${mac} is not a MAC address (expected 6 bytes like 3c:52:82:0a:1b:2c)`);
  return Buffer.from(hex, 'hex');
}

export function magicPacket(mac: string): Buffer {
  const m = parseMac(mac);
  return Buffer.concat([Buffer.alloc(6, 0xff), ...Array.from({ length: 16 }, () => m)]);
}

/** The directed broadcast address of an IPv4 subnet (192.168.1.20/255.255.255.0 → 192.168.1.255). */
export function broadcastAddress(address: string, netmask: string): string {
  const a = address.split('.').map(Number);
  const m = netmask.split('.').map(Number);
  return a.map((x, i) => (x & (m[i] ?? 0)) | (~(m[i] ?? 0) & 0xff)).join('.');
}

export function sendMagicPacket(mac: string, to: { address: string; port: number }): Promise<void> {
  const packet = magicPacket(mac);
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    sock.once('error', (err) => { sock.close(); reject(err); });
    sock.bind(0, () => {
      sock.setBroadcast(true);
      sock.send(packet, to.port, to.address, (err) => {
        sock.close();
        if (err) reject(err);
        else resolve();
      });
    });
  });
}
