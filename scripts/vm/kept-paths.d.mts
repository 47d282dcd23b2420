/**
 * The folders (resolved through symlinks) that lie under a folder the guest covers with a fresh
 * tmpfs (/tmp, /run), parents first, without duplicates or folders inside another kept one; the
 * guest binds each back at its own path.
 */
export declare function keptPaths(folders: readonly string[], resolve?: (path: string) => string): string[];
