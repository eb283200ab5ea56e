/**
 * grammy, loaded when a bot token is first used (the saved one at start, or `telegram set`), so a
 * gateway without a Telegram bot never carries the library (~4 MB resident). Everything that needs
 * its classes runs after an `Api` exists, which only `loadGrammy` makes possible.
 */
import type * as Grammy from 'grammy/web';

export type GrammyModule = typeof Grammy;

let loaded: GrammyModule | undefined;

export async function loadGrammy(): Promise<GrammyModule> {
  return (loaded ??= await import('grammy/web'));
}

/** The loaded module; callers run only once an Api was made (after `loadGrammy`). */
export function grammy(): GrammyModule {
  if (!loaded) throw new Error('grammy used before loadGrammy()');
  return loaded;
}
