/**
 * Runs extension hooks in the fixed stage order. Hook lists are resolved once at construction so
 * the per-message path is a loop over a prebuilt array, not a lookup per frame.
 */
import { CloseCode } from '../../core/contract/sync-api';
import { ConnectionRejected } from '../errors';
import { ROLES, STAGES } from './types';
import type {
  AuthenticateContext,
  ChangeContext,
  ConnectionInfo,
  DisconnectContext,
  Extension,
  LoadContext,
  LoadResult,
  MessageContext,
  MessageVerdict,
  Principal,
  StoreContext,
  UnloadContext,
  UpgradeContext,
} from './types';

type HookName = Exclude<keyof Extension, 'name' | 'stage'>;

export class ExtensionPipeline {
  readonly extensions: readonly Extension[];
  private readonly messageHooks: Array<(ctx: MessageContext) => MessageVerdict>;

  constructor(extensions: readonly Extension[]) {
    // Array.prototype.sort is stable: registration order is kept inside a stage.
    this.extensions = [...extensions].sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
    this.messageHooks = this.with('onMessage').map((e) => e.onMessage!.bind(e));
  }

  private with<K extends HookName>(hook: K): Array<Extension & Required<Pick<Extension, K>>> {
    return this.extensions.filter((e): e is Extension & Required<Pick<Extension, K>> => typeof e[hook] === 'function');
  }

  has(hook: HookName): boolean {
    return this.extensions.some((e) => typeof e[hook] === 'function');
  }

  async upgrade(ctx: UpgradeContext): Promise<void> {
    const accepted: Extension[] = [];
    for (const e of this.with('onUpgrade')) {
      try {
        await e.onUpgrade(ctx);
      } catch (err) {
        // Extensions that already accepted the socket counted it (limits: per-IP and total caps);
        // each is owed its one onDisconnect, or every refusal here would leak a slot for good.
        const connection: ConnectionInfo = { id: 0, requestId: ctx.requestId, ip: ctx.ip, key: ctx.key, principal: null };
        for (const a of accepted) a.onDisconnect?.({ connection, code: 1006, reason: 'refused before the upgrade' });
        throw err;
      }
      accepted.push(e);
    }
  }

  /**
   * The first principal an auth hook establishes. A role outside ROLES is refused here, once for
   * every hook: a role check elsewhere (`rank < needed`) must never meet a role it cannot rank.
   */
  async authenticate(ctx: AuthenticateContext): Promise<Principal | null> {
    for (const e of this.with('onAuthenticate')) {
      const principal = await e.onAuthenticate(ctx);
      if (!principal) continue;
      if (!(ROLES as readonly string[]).includes(principal.role)) {
        throw new ConnectionRejected('AUTH_UNKNOWN_ROLE', 'the credential carries an unknown role', 403, CloseCode.FORBIDDEN);
      }
      return principal;
    }
    return null;
  }

  async connect(ctx: ConnectionInfo): Promise<void> {
    for (const e of this.with('onConnect')) await e.onConnect(ctx);
  }

  message(ctx: MessageContext): MessageVerdict {
    const hooks = this.messageHooks;
    for (let i = 0; i < hooks.length; i++) {
      const verdict = hooks[i]!(ctx);
      if (verdict) return verdict;
    }
    return undefined;
  }

  async loadDocument(ctx: LoadContext): Promise<LoadResult> {
    let storedBytes = 0;
    for (const e of this.with('onLoadDocument')) storedBytes += (await e.onLoadDocument(ctx))?.storedBytes ?? 0;
    return { storedBytes };
  }

  async storeDocument(ctx: StoreContext): Promise<void> {
    for (const e of this.with('onStoreDocument')) await e.onStoreDocument(ctx);
  }

  change(ctx: ChangeContext): void {
    for (const e of this.with('onChange')) e.onChange(ctx);
  }

  async unloadDocument(ctx: UnloadContext): Promise<void> {
    for (const e of this.with('onUnloadDocument')) await e.onUnloadDocument(ctx);
  }

  /** The first rejection of any revalidating extension, or undefined when the connection may stay. */
  revalidate(ctx: ConnectionInfo): ConnectionRejected | undefined {
    for (const e of this.with('onRevalidate')) {
      const r = e.onRevalidate(ctx);
      if (r) return r;
    }
    return undefined;
  }

  disconnect(ctx: DisconnectContext): void {
    for (const e of this.with('onDisconnect')) e.onDisconnect(ctx);
  }

  async shutdown(): Promise<void> {
    for (const e of this.with('onShutdown')) await e.onShutdown();
  }
}
