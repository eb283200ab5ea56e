// A gateway for the stress run with a short tick (STRESS_TICK_MS): its ping watchdog then judges a
// stalled reader every few hundred ms instead of every 30 s, so "the gateway closes a socket whose
// reader is paused" happens in seconds. Prints "listening on <url>" like `hearth gateway`.
//   node test/stress/short-tick-gateway.ts <stateDir> <token> <tickMs>
import { startGateway } from '../../src-main/core/gateway/index.ts';
import { createLogger } from '../../src-main/core/logger.ts';

const [stateDir, token, tick] = process.argv.slice(2);
const gw = await startGateway({
  stateDir: stateDir!, port: 0, bind: 'loopback', auth: { mode: 'token', token: token! }, autoApproveLocal: true, allowedOrigins: [],
  logger: createLogger({ level: 'warn' }), tickIntervalMs: Number(tick),
});
console.log(`listening on ${gw.url}`);
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void gw.close().then(() => process.exit(0)));
