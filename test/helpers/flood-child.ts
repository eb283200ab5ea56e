// Runs one flood (test/helpers/flood.ts) in its own process: `flood-child.ts PORT COUNT OPTS_JSON`.
// Prints its counters as a JSON line every 100 ms; stops when stdin closes.
import { startFlood, type FloodOptions } from './flood.ts';

const [port, count, json] = process.argv.slice(2);
const flood = startFlood(Number(port), Number(count), JSON.parse(json ?? '{}') as FloodOptions);
const report = () => process.stdout.write(JSON.stringify({ made: flood.made, open: flood.open, closedByServer: flood.closedByServer }) + '\n');
const timer = setInterval(report, 100);
process.stdin.resume();
process.stdin.on('end', () => {
  clearInterval(timer);
  flood.stop();
  process.exit(0);
});
