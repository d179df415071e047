/**
 * Cost per connection (issue 11): joiners of a big document asking for the full state are answered
 * from one encoding per document version, not one per connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { connectClient, nextStep2, rawSocket, startServer, synced, TOKEN, type TestServer } from './helpers';

describe('sync answers', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ limits: { maxMessageBytes: 8 * 1024 * 1024 } });
  });
  afterAll(() => t.stop());

  async function fullState(ws: Awaited<ReturnType<typeof rawSocket>>): Promise<Y.Doc> {
    ws.send(Uint8Array.from([0, 0, 1, 0]));
    return nextStep2(ws);
  }

  it('answers 50 joiners of a 1 MB document with one encoding, and a new version with a new one', async () => {
    const writer = connectClient(t.url, 'acme', 'big-doc');
    await synced(writer);
    const text = writer.doc.getText('t');
    for (let i = 0; i < 20; i++) text.insert(text.length, `${i}`.padEnd(50_000, 'z'));
    const room = t.server.rooms.named('acme', 'big-doc')!;
    await new Promise<void>((resolve) => {
      const check = (): void => (room.doc.getText('t').length === text.length && room.settled ? resolve() : void setTimeout(check, 20));
      check();
    });
    const before = room.answers.encodings;
    const joiners = await Promise.all(Array.from({ length: 50 }, () => rawSocket(`${t.url}/ws/acme/big-doc?token=${TOKEN}`)));
    const docs = await Promise.all(joiners.map(fullState));
    for (const d of docs) expect(d.getText('t').length).toBe(1_000_000);
    expect(room.answers.encodings - before).toBe(1);
    text.insert(0, 'changed ');
    await new Promise<void>((resolve) => {
      const check = (): void => (room.doc.getText('t').length === text.length && room.settled ? resolve() : void setTimeout(check, 20));
      check();
    });
    const late = await fullState(joiners[0]!);
    expect(late.getText('t').toString().startsWith('changed ')).toBe(true);
    expect(room.answers.encodings - before).toBe(2);
    for (const ws of joiners) ws.close();
    writer.destroy();
  });
});
