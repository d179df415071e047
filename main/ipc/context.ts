/** What every handler gets besides its input, and the handler map's type, derived from the contract. */
import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../core/contract/studio-api';
import type { StudioBackend, StudioClient } from '../services/studio';

export interface CallContext {
  backend: StudioBackend;
  /** The window or tab that called: doc sessions belong to it, events reach it. */
  client: StudioClient;
}

export type Handler<K extends ApiMethod> = (input: ApiParsedInput<K>, ctx: CallContext) => Promise<ApiOutput<K>> | ApiOutput<K>;
export type HandlerMap = { [K in ApiMethod]: Handler<K> };
