/**
 * How a contract states a refusal: the errno name and the kernel's extended-ACK text (or null
 * when the kernel sends none), as the library reports them.
 */
import { expect } from 'vitest';

/** What a refusal looked like: errno name and extack message (null: none sent). */
export interface Refusal {
  readonly code: string;
  readonly message: string | null;
}

/** Awaits a request that must fail and returns its errno name and extack text. */
export async function refusal(request: Promise<unknown>): Promise<Refusal> {
  const error = await request.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the request should have been refused').toBeInstanceOf(Error);
  const { code, extack } = error as { code?: unknown; extack?: { message?: string } };
  return { code: String(code), message: extack?.message ?? null };
}
