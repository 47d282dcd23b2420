/**
 * One library client per test file, opened on the real kernel socket in the VM.
 */
import { afterAll, beforeAll } from 'vitest';
import { Devlink } from '../../../src/index.js';

/**
 * Opens a `Devlink` before the file's tests and closes it after them; returns a getter because
 * the client exists only once `beforeAll` ran.
 */
export function useDevlink(): () => Devlink {
  let client: Devlink | undefined;
  beforeAll(async () => {
    client = await Devlink.open({ timeoutMs: 20_000 });
  });
  afterAll(() => client?.close());
  return () => {
    if (!client) throw new Error('the devlink client is opened in beforeAll');
    return client;
  };
}
