/**
 * Commander-free parsing for the two commands whose start-up time is measured: `hearth nodes run
 * <node> [opts] -- <argv…>` (scripts call it in loops) and `hearth gateway [opts]`. Only the
 * plain `--opt value` form is accepted; anything else (help, `--opt=value`, unknown options,
 * stray arguments) returns undefined and goes through commander, which explains errors.
 */
import type { NodesRunFlags } from './commands/nodes-run.ts';
import type { GatewayCommandFlags } from './commands/gateway.ts';

export interface FastNodesRun {
  node: string;
  argv: string[];
  flags: NodesRunFlags;
}

type Spec = Record<string, { key: string; kind: 'value' | 'flag' | 'list' }>;

const CLIENT: Spec = {
  '--url': { key: 'url', kind: 'value' },
  '--token': { key: 'token', kind: 'value' },
  '--password': { key: 'password', kind: 'value' },
  '--state-dir': { key: 'stateDir', kind: 'value' },
  '--json': { key: 'json', kind: 'flag' },
};
const NODES_RUN: Spec = {
  ...CLIENT,
  '--cwd': { key: 'cwd', kind: 'value' },
  '--timeout': { key: 'timeout', kind: 'value' },
  '--env': { key: 'env', kind: 'list' },
  '--max-output': { key: 'maxOutput', kind: 'value' },
  '--no-stream': { key: 'noStream', kind: 'flag' },
};
const GATEWAY: Spec = {
  '--port': { key: 'port', kind: 'value' },
  '--bind': { key: 'bind', kind: 'value' },
  '--host': { key: 'host', kind: 'value' },
  '--token': { key: 'token', kind: 'value' },
  '--password': { key: 'password', kind: 'value' },
  '--state-dir': { key: 'stateDir', kind: 'value' },
  '--public-url': { key: 'publicUrl', kind: 'value' },
  '--allowed-hosts': { key: 'allowedHosts', kind: 'value' },
  '--trusted-proxies': { key: 'trustedProxies', kind: 'value' },
};

/** Parses options per `spec` and positionals; undefined when the form is not plain. */
function parsePlain(args: readonly string[], spec: Spec): { flags: Record<string, unknown>; positionals: string[] } | undefined {
  const flags: Record<string, unknown> = {};
  const positionals: string[] = [];
  let afterList = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const opt = spec[a];
    if (opt === undefined) {
      // Commander's variadic lists take following positionals as more values: defer to it.
      if (a.startsWith('-') || afterList) return undefined;
      positionals.push(a);
      continue;
    }
    if (opt.kind === 'flag') {
      flags[opt.key] = true;
      continue;
    }
    const v = args[i + 1];
    if (v === undefined || v.startsWith('-')) return undefined;
    i++;
    if (opt.kind === 'list') {
      ((flags[opt.key] ??= []) as string[]).push(v);
      afterList = true;
    } else {
      if (flags[opt.key] !== undefined) return undefined;
      flags[opt.key] = v;
    }
  }
  return { flags, positionals };
}

/** `nodes run <node> [opts] -- <argv…>`, or undefined. */
export function parseFastNodesRun(args: readonly string[]): FastNodesRun | undefined {
  if (args[0] !== 'nodes' || args[1] !== 'run') return undefined;
  const dash = args.indexOf('--');
  if (dash < 0) return undefined;
  const parsed = parsePlain(args.slice(2, dash), NODES_RUN);
  if (!parsed || parsed.positionals.length !== 1) return undefined;
  return { node: parsed.positionals[0]!, argv: args.slice(dash + 1), flags: parsed.flags as NodesRunFlags };
}

/** `gateway [run] [opts]`, or undefined. */
export function parseFastGateway(args: readonly string[]): GatewayCommandFlags | undefined {
  if (args[0] !== 'gateway' || args.includes('--')) return undefined;
  const parsed = parsePlain(args.slice(1), GATEWAY);
  if (!parsed) return undefined;
  if (parsed.positionals.length > 1 || (parsed.positionals.length === 1 && parsed.positionals[0] !== 'run')) return undefined;
  return parsed.flags as GatewayCommandFlags;
}
