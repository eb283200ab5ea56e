/** The part of the Web Storage API the app uses, so tests and the Electron host can substitute it. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A storage kept in memory (when localStorage is unavailable, e.g. disabled cookies). */
export function memoryStorage(): StorageLike {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

/** Returns the named browser storage, or a memory one when access throws (private modes). */
export function browserStorage(kind: 'localStorage' | 'sessionStorage'): StorageLike {
  try {
    const s = globalThis[kind];
    const probe = '__hearth_probe__';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    return memoryStorage();
  }
}
