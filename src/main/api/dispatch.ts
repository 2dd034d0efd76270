/**
 * The one door into the core for both transports. It checks the method name, parses the input with
 * the contract's schema, runs the handler and checks the output against the contract too, so a
 * bug can't leak a field (a full ID number, say) the contract does not allow. It never throws: every
 * outcome is a Result envelope.
 */
import { ZodError } from 'zod';
import { gateContract, requiresSignIn, type GateErrorShape, type MethodInput, type MethodName, type MethodOutput, type Result } from '../../shared/contract';
import { GateError } from '../core/errors';

export type Handlers = { [M in MethodName]: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };

export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>;

export function isMethodName(method: unknown): method is MethodName {
  return typeof method === 'string' && Object.prototype.hasOwnProperty.call(gateContract, method);
}

/** Who is signed in at this post. The post, not the connection, is signed in: one kiosk, one shift. */
export type Access = { signedIn(): boolean };

export function createDispatch(
  handlers: Handlers,
  onInternalError: (err: unknown, method: string) => void = () => {},
  access: Access = { signedIn: () => false },
): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) {
      return fail({ code: 'unknown_method', message: `unknown method: ${String(method).slice(0, 64)}` });
    }
    // Before parsing: an unauthenticated caller learns nothing about a write method's input.
    if (requiresSignIn(method) && !access.signedIn()) {
      return fail({ code: 'not_signed_in', message: 'sign in first: this needs a staff member on duty' });
    }
    const spec = gateContract[method];
    try {
      // Inside the try: a schema refinement (or an in-process caller's throwing getter) must not
      // turn into a rejected promise, which the WebSocket host would see as an unhandled rejection.
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) {
        return fail({ code: 'invalid_input', message: summarise(parsed.error), details: parsed.error.issues.slice(0, 10) });
      }
      const handler = handlers[method] as (i: unknown) => unknown;
      const value = await handler(parsed.data);
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        onInternalError(checked.error, method);
        return fail({ code: 'internal', message: 'the gate produced an invalid answer' });
      }
      return { ok: true, value: checked.data };
    } catch (err) {
      if (err instanceof GateError) return fail({ code: err.code, message: err.message, details: err.details });
      onInternalError(err, method);
      return fail({ code: 'internal', message: 'internal error; the check was not saved' });
    }
  };
}

function fail(error: GateErrorShape): Result<never> {
  return { ok: false, error };
}

function summarise(err: ZodError): string {
  const first = err.issues[0];
  if (!first) return 'invalid input';
  const where = first.path.length ? first.path.join('.') : 'input';
  return `invalid input at ${where}: ${first.message}`;
}
