/**
 * A connected renderer (an Electron window or a browser tab): the backend reaches it only through
 * `emit`. Transports (main/electron, main/web) implement this; the backend never knows which one.
 */
import type { ApiEventName, ApiEvents } from '../../../core/contract/studio-api';

export interface StudioClient {
  /** Unique per connection; replica sessions opened by a client close when it disconnects. */
  readonly id: string;
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
}
