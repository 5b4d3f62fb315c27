/** Assertions shared by the tests of decoders and encoders. */
import { expect } from 'vitest';
import { ERROR_CODES, FarsideError } from '../../lwm2m/errors.js';

/** Asserts that `run` throws FarsideError FARSIDE_ERR_INVALID_INPUT, whose message matches `message` when given. */
export function expectInvalidInput(run: () => unknown, message?: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(FarsideError);
  expect((thrown as FarsideError).code).toBe(ERROR_CODES.INVALID_INPUT);
  if (message) expect((thrown as FarsideError).message).toMatch(message);
}
