/**
 * The English UI's own wording where the gateway's sentence names a CLI flag that the UI shows as a
 * form field (the storage and Telegram forms). The gateway keeps its wording: the CLI and other
 * clients print it as is.
 */
import { firstMatch, type Rule } from './rule.ts';
import { ZH_RULES } from './zh-rules.ts';

const EN_RULES: Rule[] = [
  [/^(a storage named ".+" exists already; pick another) --name$/, (head) => `${head} name`],
  [/^(the warning threshold \(\d+ %\) must be below the critical one \(\d+ %\)), e\.g\. --warn 80 --crit 90$/, (head) => `${head}, e.g. warn at 80 % and critical at 90 %`],
  [/^invalid storage name: use 1-64 visible characters, e\.g\. --name nas$/, () => 'invalid storage name: use 1-64 visible characters, e.g. nas'],
  [/^(cannot reach the Bot API at \S+ \(.+\); check the network) or --api-root(; nothing was saved)$/, (head, tail) => `${head}${tail}`],
  [/^(an endpoint is already named .+); pass another --name$/, (head) => `${head}; pick another name`],
  // The Remote screen: the phone has no CLI, so say what to do on the home PC; the flag follows as code.
  [/^the gateway is reachable only from this machine \(loopback\); for a phone: set up the tunnel \(`hearth tunnel set`\), or restart with --bind tailnet, or pass --public-url$/,
    () => 'The gateway is reachable only from this machine (loopback). For a phone, do one of these on the home PC: set up the tunnel to a VPS (`hearth tunnel set`), restart the gateway listening on the tailnet (`--bind tailnet`), or give it an address a phone can open as its public URL (`--public-url`)'],
  [/^the gateway listens on (\S+) only; restart it with --bind lan or --bind custom --host (\S+)$/,
    (h, a) => `The gateway listens on ${h} only. To use this address, restart the gateway on the home PC listening on the home network (\`--bind lan\` or \`--bind custom --host ${a}\`)`],
  [/^the gateway listens on (\S+) only; restart it with --bind tailnet \(or --bind lan\) to serve this address$/,
    (h) => `The gateway listens on ${h} only. To use this address, restart the gateway on the home PC listening on the tailnet (\`--bind tailnet\` or \`--bind lan\`)`],
  [/^the gateway listens on (\S+) only; restart it with --bind tailnet to serve the tailnet$/,
    (h) => `The gateway listens on ${h} only. To reach it over the tailnet, restart the gateway on the home PC listening on the tailnet (\`--bind tailnet\`)`],
  [/^(Tailscale is installed but not running \(state \S+\)); run (`tailscale up`)$/, (head, cmd) => `${head}; run ${cmd} on the home PC`],
  [/^(the tunnel is not up \(`hearth tunnel status`\); on the phone or laptop first run:) (.+)$/, (head, cmd) => `${head} \`${cmd}\``],
  // The tunnel's errors on the Remote screen: the fix is made on the home PC, the flag as code.
  [/^(the identity file .+ is not a usable private key \(.+\)); pass an unencrypted OpenSSH or PEM key with --identity((?:; retrying in \d+ (?:s|min))?)$/,
    (head, retry) => `${head}; on the home PC, set the tunnel up again with an unencrypted OpenSSH or PEM key (\`--identity\`)${retry}`],
  [/^(the VPS \S+ refused to listen on \S+: the port is taken — often by a stale session of this tunnel — or forwarding is off); set ClientAliveInterval 15 and ClientAliveCountMax 3 \(and AllowTcpForwarding yes\) in the VPS's sshd_config, or pick another --remote-port((?:; retrying in \d+ (?:s|min))?)$/,
    (head, retry) => `${head}; set \`ClientAliveInterval 15\` and \`ClientAliveCountMax 3\` (and \`AllowTcpForwarding yes\`) in the VPS's sshd_config, or on the home PC pick another remote port (\`--remote-port\`)${retry}`],
  // The client's sentence for a gateway out of contract names the CLI's --url: the UI has an address instead.
  [/^(the gateway at \S+ (?:answered \S+ with something|sent a \S+ event) the Hearth contract does not allow \(.+\); it may run an older or newer Hearth, or not be a Hearth gateway: update Hearth on both ends), or check --url$/,
    (head) => `${head}, or check the gateway's address`],
  // The UI's own client errors (src-shared/client/errors.ts) name the method called: not for people.
  [/^not connected \(calling \S+\)$/, () => 'Not connected to the gateway; try again once it is back'],
  [/^\S+: no answer from the gateway within (\d+) ms$/, (n) => `The gateway did not answer within ${n} ms; try again in a moment`],
];

/**
 * Templates that begin with a fixed lower-case word ("the gateway is…", "node … has been
 * offline"): the gateway writes them lower-case for the CLI's "hearth: <what happened>" line; a
 * sentence of its own in the UI starts with a capital. Sentences that begin with a value (a node
 * or device name, a path, hearth.json) keep it exactly as written.
 */
const STARTS_WITH_WORD = ZH_RULES.filter(([re]) => /^\^[a-z]+[ :']/.test(re.source)).map(([re]) => re);

/** `text` as the English UI shows it: the UI's own wording where it has one, with a capital where due. */
export function english(text: string): string {
  const out = firstMatch(EN_RULES, text) ?? text;
  // Whether it starts with a word is a property of the gateway's template, so ask it of the original
  // (without the "; retrying in 5 s" that the tunnel adds to its errors).
  const head = text.replace(/; retrying in \d+ (?:s|min)$/, '');
  return STARTS_WITH_WORD.some((re) => re.test(text) || re.test(head)) ? out.charAt(0).toUpperCase() + out.slice(1) : out;
}
