/**
 * The typed gate client, built once over any bridge. Electron's preload and the headless host's
 * WebSocket are two bridges; the renderer only ever sees a GateClient.
 */
import {
  GateCallError,
  type EventName,
  type EventPayload,
  type GateClient,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type Result,
} from './contract';

/** The minimal untyped surface a transport provides. */
export type GateBridge = {
  invoke(method: MethodName, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
};

export function createClient(bridge: GateBridge): GateClient {
  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const result = await bridge.invoke(method, input);
      if (!result.ok) throw new GateCallError(result.error);
      return result.value as MethodOutput<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.subscribe((name, payload) => {
        if (name === event) listener(payload as EventPayload<E>);
      });
    },
  };
}
