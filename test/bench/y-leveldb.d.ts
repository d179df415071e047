// y-leveldb ships types but its package.json `exports` hides them from moduleResolution "bundler".
declare module 'y-leveldb' {
  export class LeveldbPersistence {
    constructor(location: string, opts?: { Level?: unknown; levelOptions?: object });
    storeUpdate(docName: string, update: Uint8Array): Promise<number>;
    getYDoc(docName: string): Promise<import('yjs').Doc>;
    destroy(): Promise<void>;
  }
}
