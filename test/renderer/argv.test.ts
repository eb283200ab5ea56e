// Command lines become argv like a shell would split them (quotes, escapes), without expansion.
import { describe, expect, it } from 'vitest';
import { formatArgv, shellSyntax, splitArgv, throughShell } from '../../src-renderer/lib/argv.ts';
import { reachKind } from '../../src-renderer/lib/reach.ts';
import { parseRoute, routeHref } from '../../src-renderer/lib/router.ts';

describe('shellSyntax', () => {
  it.each([
    ['uname -a', undefined],
    [`sh -c 'ls | wc -l'`, undefined],
    [`echo 'a > b' "c; d"`, undefined],
    ['ls -l | wc -l', '|'],
    ['make && make install', '&&'],
    ['echo hi > /tmp/x', '>'],
    ['echo $HOME', '$'],
    ['echo "$HOME"', '$'],
    ['echo $(date)', '$('],
    ['ls *.log', '*'],
    ['for i in 1 2; do echo $i; done', 'for'],
    ['cd /tmp', 'cd'],
    ['FOO=1 env', 'FOO='],
    [`echo 'unclosed`, undefined],
  ])('%s', (line, token) => {
    expect(shellSyntax(line)).toBe(token);
  });

  it('wraps a line for the shell of the node platform', () => {
    expect(throughShell(' ls | wc -l ', 'linux')).toBe(`sh -c 'ls | wc -l'`);
    expect(splitArgv(throughShell(`echo it's | cat`, 'darwin')).argv).toEqual(['sh', '-c', `echo it's | cat`]);
    expect(splitArgv(throughShell('dir | more', 'win32')).argv).toEqual(['cmd', '/c', 'dir | more']);
  });
});

describe('splitArgv', () => {
  it.each([
    ['uname -a', ['uname', '-a']],
    ['  ls   -l  /tmp ', ['ls', '-l', '/tmp']],
    [`sh -c 'echo hello; exit 3'`, ['sh', '-c', 'echo hello; exit 3']],
    [`echo "a \\"b\\" c"`, ['echo', 'a "b" c']],
    [`echo a\\ b`, ['echo', 'a b']],
    [`echo '' ""`, ['echo', '', '']],
    [`echo 'it'"'"'s'`, ['echo', "it's"]],
    [`echo $HOME`, ['echo', '$HOME']],
  ])('%s', (line, argv) => {
    expect(splitArgv(line)).toEqual({ argv });
  });

  it('reports an unclosed quote', () => {
    expect(splitArgv(`echo 'oops`).error).toBe('unclosed-quote');
  });

  it('round-trips through formatArgv', () => {
    const argv = ['sh', '-c', "echo it's here", ''];
    expect(splitArgv(formatArgv(argv)).argv).toEqual(argv);
  });
});

describe('routes and reach', () => {
  it('parses deep links', () => {
    expect(parseRoute('#/nodes/abc')).toEqual({ name: 'node', nodeId: 'abc' });
    expect(parseRoute('#/pair/node')).toEqual({ name: 'pair', profile: 'node' });
    expect(parseRoute('#setup=xyz')).toEqual({ name: 'overview' });
    expect(routeHref({ name: 'node', nodeId: 'a b' })).toBe('#/nodes/a%20b');
  });

  it('guesses how the gateway is reached', () => {
    expect(reachKind('127.0.0.1')).toBe('local');
    expect(reachKind('100.101.102.103')).toBe('tailnet');
    expect(reachKind('home.tail1234.ts.net')).toBe('tailnet');
    expect(reachKind('192.168.1.10')).toBe('lan');
    expect(reachKind('hearth-home.test')).toBe('relay');
  });
});
