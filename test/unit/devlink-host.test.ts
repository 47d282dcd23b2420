/**
 * The devlink client on the host's real kernel, through the addon: this machine's kernel has no
 * devlink family, so `Devlink.open()` must fail with the clear ENOENT error, not crash or hang,
 * and must not leave the socket keeping the process alive.
 */
import { describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { GenlFamilyNotFoundError } from '../../src/genl/errors.js';

describe('Devlink on the host kernel (no devlink family)', () => {
  it('rejects open() with GenlFamilyNotFoundError, code ENOENT, naming devlink', async () => {
    const error = await Devlink.open({ timeoutMs: 5000 }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(GenlFamilyNotFoundError);
    expect((error as GenlFamilyNotFoundError).code).toBe('ENOENT');
    expect((error as Error).message).toMatch(/"devlink" not found/);
  });

  it('rejects a namespace that does not exist before anything is sent', async () => {
    const error = await Devlink.open({ netns: 'devlink-ts-no-such-netns' }).then(() => undefined, (e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
