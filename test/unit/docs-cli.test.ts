// The README's CLI summary is the command line a reviewer types: every `hearth …` it shows must be a
// command of the real program (src-main/cli/program.ts), every flag one of that command's options,
// every value listed with `|` one of the option's choices, and a value shown as a default
// (`[--port 9]`) the default its help states.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import type { Command, Option } from 'commander';
import { buildProgram } from '../../src-main/cli/program.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** The README's ``` block under "## CLI", one `hearth …` segment per entry (comments dropped). */
function cliSegments(readme: string): string[] {
  const block = /## CLI\n\n```\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README.md has a ``` block under "## CLI"');
  const segments: string[] = [];
  let last: string | undefined;
  for (const raw of block.split('\n')) {
    const line = raw.replace(/\s#\s.*$/, '');
    if (!line.trim()) continue;
    // A line that does not start with `hearth` continues the previous command (wrapped flags).
    if (!/^\s*hearth\b/.test(line) && last !== undefined) { segments[segments.length - 1] += ` ${line.trim()}`; continue; }
    for (const seg of line.split(/(?=\bhearth\s)/)) if (seg.trim()) segments.push(seg.trim());
    last = segments[segments.length - 1];
  }
  return segments;
}

const sub = (cmd: Command, name: string) => cmd.commands.find((c) => c.name() === name);

/** The commands a segment names: its command, and the subcommands listed (`list | get KEY | set …`). */
function commandsOf(program: Command, segment: string): { path: string; commands: Command[] } {
  const words = segment.split(/\s+/).slice(1);
  let cmd = sub(program, words[0]!);
  assert.ok(cmd, `README: \`${segment}\` — hearth has no command "${words[0]}"`);
  let path = `hearth ${words[0]}`;
  // A second word that names a subcommand narrows to it (`nodes run`, `nodes wake`, `tunnel set`).
  const second = words[1] && !words[1].includes('|') ? sub(cmd, words[1]) : undefined;
  if (second && !words.slice(2).some((w) => w === '|')) { cmd = second; path += ` ${words[1]}`; }
  const listed = words.flatMap((w) => w.split('|')).map((w) => sub(cmd!, w)).filter((c): c is Command => !!c);
  return { path, commands: [cmd, ...listed] };
}

test('every command, flag, choice and default in the README\'s CLI summary is the real program\'s', () => {
  const program = buildProgram(() => {});
  const problems: string[] = [];
  const segments = cliSegments(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  assert.ok(segments.length > 30, `README's CLI block has ${segments.length} commands`);
  for (const segment of segments) {
    const { path, commands } = commandsOf(program, segment);
    const options = new Map<string, Option>();
    for (const c of commands) for (const o of c.options) if (o.long) options.set(o.long, o);
    for (const m of segment.matchAll(/(--[a-z][\w-]*)(?:[ =]([^\s\]|]+(?:\|[^\s\]|]+)*))?/g)) {
      const [, flag, value] = m as unknown as [string, string, string | undefined];
      const option = options.get(flag);
      if (!option) { problems.push(`${path}: no option ${flag}`); continue; }
      if (!value || value.startsWith('--') || !option.required) continue;
      if (option.argChoices && value.includes('|')) {
        for (const v of value.split('|')) if (!option.argChoices.includes(v)) problems.push(`${path} ${flag}: "${v}" is not one of ${option.argChoices.join(', ')}`);
      } else if (/^[\d.]+[a-z]*$/.test(value) && /default/.test(option.description) && !new RegExp(`default:? ${value.replace(/\./g, '\\.')}\\b`).test(option.description)) {
        problems.push(`${path} ${flag}: the README shows ${value}, the help says "${option.description}"`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the README check reads wrapped lines, alternatives and two commands on one line', () => {
  const readme = '## CLI\n\n```\nhearth a [--x 1]\n       [--y]\nhearth b list | get KEY     hearth c run -- <argv>   # note --z\n```\n';
  assert.deepEqual(cliSegments(readme), ['hearth a [--x 1] [--y]', 'hearth b list | get KEY', 'hearth c run -- <argv>']);
});
