/**
 * The typed studio client the whole UI uses: `studio.call('workspace.list', {})` and
 * `studio.on('doc.update', h)`, with argument, result and payload types derived from
 * core/contract/studio-api.ts (never written here). Failed calls throw StudioError with its code.
 */
import { StudioError, type ApiEventName, type ApiEvents, type ApiInput, type ApiMethod, type ApiOutput, type StudioBridge } from '../../../core/contract/studio-api';

export interface StudioClientApi {
  call<K extends ApiMethod>(method: K, input: ApiInput<K>): Promise<ApiOutput<K>>;
  on<E extends ApiEventName>(event: E, handler: (payload: ApiEvents[E]) => void): () => void;
  readonly transport: 'electron' | 'web';
}

export function createStudioClient(bridge: StudioBridge, transport: 'electron' | 'web'): StudioClientApi {
  return {
    transport,
    async call<K extends ApiMethod>(method: K, input: ApiInput<K>): Promise<ApiOutput<K>> {
      const result = await bridge.invoke(method, input);
      if (!result.ok) throw StudioError.fromWire(result.error);
      return result.output as ApiOutput<K>;
    },
    on<E extends ApiEventName>(event: E, handler: (payload: ApiEvents[E]) => void): () => void {
      return bridge.on(event, handler as (payload: unknown) => void);
    },
  };
}
