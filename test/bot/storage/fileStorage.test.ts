// Bot state on disk: the botbuilder Storage contract, eTags, write-behind, restarts, expiry and concurrent writes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ETagConflictError, FileStorage, type FileStorageOptions } from '../../../bot/storage/fileStorage.js';

const DAY = 86_400_000;

describe('FileStorage', () => {
  let dir: string;
  let opened: FileStorage[];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-storage-'));
    opened = [];
  });
  afterEach(async () => {
    await Promise.all(opened.map((s) => s.flush()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const open = (options: Partial<FileStorageOptions> = {}) => {
    const s = new FileStorage(dir, { ttlMs: DAY, ...options });
    opened.push(s);
    return s;
  };

  it('writes, reads and deletes', async () => {
    const s = open();
    await s.write({ 'webchat/conversations/c1': { dialogState: { step: 2, facts: ['a', 'b'] } } });
    const got = await s.read(['webchat/conversations/c1']);
    expect(got['webchat/conversations/c1']).to.deep.include({ dialogState: { step: 2, facts: ['a', 'b'] } });
    expect(got['webchat/conversations/c1'].eTag).to.be.a('string');
    await s.delete(['webchat/conversations/c1']);
    expect(await s.read(['webchat/conversations/c1'])).to.deep.equal({});
    expect(fs.existsSync(s.fileFor('webchat/conversations/c1'))).to.equal(false);
  });

  it('leaves a missing key out of what it reads', async () => {
    const s = open();
    await s.write({ present: { n: 1 } });
    const got = await s.read(['present', 'absent']);
    expect(Object.keys(got)).to.deep.equal(['present']);
  });

  it('deletes a key that was never written without complaint', async () => {
    await open().delete(['never-written']);
  });

  it('handles keys with any characters', async () => {
    const s = open();
    const key = 'msteams/conversations/19:abc@thread.tacv2;messageid=1/../..\\x';
    await s.write({ [key]: { ok: true } });
    expect((await s.read([key]))[key]).to.include({ ok: true });
    expect(s.fileFor(key).startsWith(dir)).to.equal(true);
  });

  it('returns copies, so changing what was read or written does not change what is stored', async () => {
    const s = open();
    const item = { list: [1, 2] };
    await s.write({ k: item });
    item.list.push(3);
    const first = await s.read(['k']);
    (first['k'].list as number[]).push(4);
    expect((await s.read(['k']))['k'].list).to.deep.equal([1, 2]);
  });

  it('refuses a write whose eTag is out of date', async () => {
    const s = open();
    await s.write({ k: { v: 1 } });
    const { k: current } = await s.read(['k']);
    await s.write({ k: { ...current, v: 2 } });
    let caught: unknown;
    try {
      await s.write({ k: { ...current, v: 3 } });
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(ETagConflictError);
    expect((await s.read(['k']))['k'].v).to.equal(2);
  });

  it('takes a write with the current eTag, and gives it a new one', async () => {
    const s = open();
    await s.write({ k: { v: 1 } });
    const { k: current } = await s.read(['k']);
    await s.write({ k: { ...current, v: 2 } });
    const { k: after } = await s.read(['k']);
    expect(after.v).to.equal(2);
    expect(after.eTag).to.not.equal(current.eTag);
  });

  it("overwrites whatever is there when the eTag is '*'", async () => {
    const s = open();
    await s.write({ k: { v: 1 } });
    await s.write({ k: { v: 2, eTag: '*' } });
    expect((await s.read(['k']))['k'].v).to.equal(2);
  });

  it('returns from a write before the disk does, and flush() puts it there', async () => {
    const s = open();
    await s.write({ k: { v: 1 } });
    expect((await s.read(['k']))['k'].v, 'read straight after the write').to.equal(1);
    await s.flush();
    expect(JSON.parse(fs.readFileSync(s.fileFor('k'), 'utf8'))).to.deep.include({ key: 'k' });
  });

  it('turns quick successive writes of one key into one file write, with the last value', async () => {
    const s = open({ coalesceMs: 60_000 });
    for (let v = 1; v <= 4; v++) await s.write({ k: { v } });
    expect(fs.existsSync(s.fileFor('k')), 'still inside the coalescing window').to.equal(false);
    expect((await s.read(['k']))['k'].v).to.equal(4);
    await s.flush();
    expect(JSON.parse(fs.readFileSync(s.fileFor('k'), 'utf8')).item.v).to.equal(4);
  });

  it('writes on its own once the coalescing window has passed', async () => {
    const s = open({ coalesceMs: 20 });
    await s.write({ k: { v: 1 } });
    for (let i = 0; i < 100 && !fs.existsSync(s.fileFor('k')); i++) await new Promise((r) => setTimeout(r, 10));
    expect(JSON.parse(fs.readFileSync(s.fileFor('k'), 'utf8')).item.v).to.equal(1);
  });

  it('has the file on disk when a write returns, with writeBehind off', async () => {
    const s = open({ writeBehind: false });
    await s.write({ k: { v: 1 } });
    expect(JSON.parse(fs.readFileSync(s.fileFor('k'), 'utf8')).item.v).to.equal(1);
  });

  it('reads what an earlier instance wrote and flushed (a restart)', async () => {
    const first = open();
    await first.write({ a: { v: 'first' }, b: { nested: { deep: [true] } } });
    await first.flush();
    const got = await open().read(['a', 'b']);
    expect(got['a'].v).to.equal('first');
    expect(got['b'].nested).to.deep.equal({ deep: [true] });
  });

  it('replaces a file whole: a write torn before its rename leaves the last complete version, and no temporary file stays', async () => {
    const s = open({ writeBehind: false });
    await s.write({ k: { v: 1 } });
    // what a crash mid-write leaves behind: a half-written temporary file beside the real one
    const file = s.fileFor('k');
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
    fs.writeFileSync(tmp, '{"key": "k", "touched": 1, "it');
    expect((await open().read(['k']))['k'].v).to.equal(1);
    await s.write({ k: { v: 2 } });
    expect((await open().read(['k']))['k'].v).to.equal(2);
    expect(fs.readdirSync(path.dirname(file))).to.deep.equal([path.basename(file)]);
  });

  it('treats a damaged file as absent', async () => {
    const s = open();
    await s.write({ k: { v: 1 } });
    await s.flush();
    fs.writeFileSync(s.fileFor('k'), '{"key": "k", "touched": 1, "item": {');
    expect(await open().read(['k'])).to.deep.equal({});
  });

  it('treats state idle longer than the TTL as gone, in memory and after a restart', async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const s = open({ ttlMs: 60_000, now });
    await s.write({ old: { v: 1 } });
    clock += 30_000;
    await s.write({ fresh: { v: 2 } });
    clock += 40_000; // "old" is now 70 s idle, "fresh" 40 s
    await s.flush();
    expect(Object.keys(await s.read(['old', 'fresh']))).to.deep.equal(['fresh']);
    expect(Object.keys(await open({ ttlMs: 60_000, now }).read(['old', 'fresh']))).to.deep.equal(['fresh']);
  });

  it('keeps state alive as long as it is used', async () => {
    let clock = 0;
    const s = open({ ttlMs: 60_000, now: () => clock });
    await s.write({ k: { v: 1 } });
    for (let i = 0; i < 5; i++) {
      clock += 50_000;
      const { k } = await s.read(['k']);
      expect(k, `after ${clock} ms`).to.not.equal(undefined);
      await s.write({ k });
    }
  });

  it('sweeps away files not touched within the TTL and keeps the rest', async () => {
    const s = open({ ttlMs: DAY });
    await s.write({ stale1: { v: 1 }, stale2: { v: 2 }, fresh: { v: 3 } });
    await s.flush();
    const twoDaysAgo = new Date(Date.now() - 2 * DAY);
    for (const key of ['stale1', 'stale2']) fs.utimesSync(s.fileFor(key), twoDaysAgo, twoDaysAgo);
    expect(await s.sweep()).to.equal(2);
    expect(fs.existsSync(s.fileFor('stale1'))).to.equal(false);
    expect(fs.existsSync(s.fileFor('fresh'))).to.equal(true);
    expect(Object.keys(await open().read(['stale1', 'stale2', 'fresh']))).to.deep.equal(['fresh']);
  });

  it('sweeps an empty or missing folder without complaint', async () => {
    expect(await open().sweep()).to.equal(0);
    expect(await new FileStorage(path.join(dir, 'nowhere'), { ttlMs: DAY }).sweep()).to.equal(0);
  });

  it('keeps all of 50 concurrent writes to different keys', async () => {
    const s = open();
    const keys = Array.from({ length: 50 }, (_, i) => `conv-${i}`);
    await Promise.all(keys.map((k, i) => s.write({ [k]: { i } })));
    await s.flush();
    const got = await open().read(keys);
    expect(keys.map((k) => got[k]?.i)).to.deep.equal(keys.map((_, i) => i));
  });

  it('never corrupts a key written by many at once, and keeps the last write', async () => {
    const s = open();
    const payload = (i: number) => ({ i, text: `value ${i} `.repeat(200), eTag: '*' });
    await Promise.all(Array.from({ length: 30 }, (_, i) => s.write({ shared: payload(i) })));
    expect((await s.read(['shared']))['shared'].i).to.equal(29);
    await s.flush();
    const file = s.fileFor('shared');
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as { key: string; item: { i: number; text: string } };
    expect(onDisk.key).to.equal('shared');
    expect(onDisk.item).to.include({ i: 29, text: payload(29).text });
    expect((await open().read(['shared']))['shared'].i).to.equal(29);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
  });

  it('never lets a deleted key come back from a write still in flight', async () => {
    const s = open();
    await s.write({ k: { v: 1 } });
    await s.delete(['k']);
    await s.flush();
    expect(fs.existsSync(s.fileFor('k'))).to.equal(false);
    expect(await open().read(['k'])).to.deep.equal({});
  });

  it('recovers when its folder is removed while running', async () => {
    const errors: unknown[] = [];
    const s = open({ onWriteError: (err) => errors.push(err) });
    await s.write({ k: { v: 1 } });
    await s.flush();
    fs.rmSync(dir, { recursive: true, force: true });
    await s.write({ k: { v: 2 } });
    const outcome = await Promise.race([
      s.flush().then(() => 'flushed'),
      new Promise((resolve) => setTimeout(() => resolve('flush still waiting after 2 s'), 2000).unref()),
    ]);
    // Put the folder back by hand, so the retries end and the suite can finish either way.
    if (outcome !== 'flushed') fs.mkdirSync(path.dirname(s.fileFor('k')), { recursive: true });
    expect(outcome, `${errors.length} write errors`).to.equal('flushed');
    expect(JSON.parse(fs.readFileSync(s.fileFor('k'), 'utf8')).item.v).to.equal(2);
  });

  it('lets only one of two writers holding the same eTag win', async () => {
    const s = open();
    await s.write({ k: { v: 0 } });
    const { k: current } = await s.read(['k']);
    const results = await Promise.allSettled([s.write({ k: { ...current, v: 1 } }), s.write({ k: { ...current, v: 2 } })]);
    expect(results.map((r) => r.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected?.reason).to.be.instanceOf(ETagConflictError);
  });

  it('serves reads from a small cache without losing evicted keys', async () => {
    const s = open({ cacheSize: 2 });
    await s.write({ a: { v: 'a' }, b: { v: 'b' }, c: { v: 'c' }, d: { v: 'd' } });
    const got = await s.read(['a', 'b', 'c', 'd']);
    expect(['a', 'b', 'c', 'd'].map((k) => got[k]?.v)).to.deep.equal(['a', 'b', 'c', 'd']);
  });
});
