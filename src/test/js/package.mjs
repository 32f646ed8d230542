// The client as people install it: `npm pack` of clients/js (a copy: the source tree is left alone), the tarball
// installed into a fresh project (src/test/js/consumer, copied), then used from an ES module, a CommonJS file and
// TypeScript checked by tsc, against a running instance. The packed modules are the ones the server serves.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { env } from './support.mjs';

const url = env('ROOMCAST_A');
const here = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

/** Runs a command in dir; fails with its output. */
async function sh(dir, command, args, extraEnv = {}) {
  try {
    return await run(command, args, { cwd: dir, env: { ...process.env, ...extraEnv }, timeout: 180000, maxBuffer: 16 << 20 });
  } catch (e) {
    throw new Error(`${command} ${args.join(' ')} in ${dir} failed (${e.code}):\n${e.stdout}\n${e.stderr}`);
  }
}

test('the packed client installs into a fresh project and works from ESM, CommonJS and TypeScript', async () => {
  const work = await mkdtemp(join(here, 'package-'));
  const source = join(work, 'roomcast');
  await cp(env('PACKAGE'), source, { recursive: true, filter: (f) => !/(node_modules|dist|\.tgz)$/.test(f) });
  const { stdout: packing } = await sh(source, 'npm', ['pack', '--json', '--pack-destination', work]);
  const [packed] = JSON.parse(packing.slice(packing.search(/^\[/m))); // after the prepack build's own line
  const files = packed.files.map((f) => f.path).sort();
  for (const expected of ['README.md', 'package.json', 'dist/roomcast.cjs', 'dist/roomcast.d.cts', 'src/roomcast.js', 'src/roomcast.d.ts']) {
    assert.ok(files.includes(expected), `${expected} is in the tarball: ${files}`);
  }
  assert.ok(!files.some((f) => f.startsWith('scripts/')), 'the build script stays out: ' + files);

  // What /roomcast.js and /roomcast/*.js serve is what the package holds, byte for byte.
  const http = url.replace(/^ws/, 'http').replace(/\/ws$/, '/');
  const modules = files.filter((f) => /^src\/.*\.(js|d\.ts)$/.test(f));
  assert.ok(modules.length > 5, 'the entry and its modules: ' + modules);
  for (const file of modules) {
    const served = await fetch(new URL(file.slice('src/'.length), http));
    assert.equal(served.status, 200, file);
    assert.equal(await served.text(), await readFile(join(source, file), 'utf8'), `${file} as served`);
  }

  const project = join(work, 'consumer');
  await cp(env('CONSUMER'), project, { recursive: true });
  await sh(project, 'npm', ['install', '--no-audit', '--no-fund', join(work, packed.filename)]);
  assert.deepEqual(await readdir(join(project, 'node_modules', 'roomcast', 'dist')), ['roomcast.cjs', 'roomcast.d.cts']);

  for (const [file, text] of [['esm.mjs', 'hi from ESM'], ['cjs.js', 'hi from CommonJS']]) {
    const { stdout } = await sh(project, process.execPath, [file], { ROOMCAST_A: url });
    const seen = JSON.parse(stdout.trim().split('\n').pop());
    assert.equal(seen.content.text, text, file);
    assert.ok(seen.offset > 0, `${file}: accepted at an offset: ${stdout}`);
    assert.equal(seen.read, seen.offset, `${file}: the read position is the message's offset`);
    assert.equal(seen.unread, 0, `${file}: nothing unread after reading it`);
    assert.equal(seen.refused, 'not_member', `${file}: a RoomcastError with its code`);
  }

  // tsc checks both files under the package's types; each also holds a misuse that must be an error (@ts-expect-error).
  await sh(project, process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
});

test('the CommonJS build stops, naming the file and line, on an export it would lose part of', async () => {
  const work = await mkdtemp(join(here, 'package-'));
  const source = join(work, 'roomcast');
  await cp(env('PACKAGE'), source, { recursive: true, filter: (f) => !/(node_modules|dist|\.tgz)$/.test(f) });
  const module = join(source, 'src', 'roomcast', 'errors.js');
  const lines = (await readFile(module, 'utf8')).split('\n').length;
  await appendFile(module, "export const FIRST = 1, // only FIRST would be exported\n  SECOND = { a: [1, 2], b: 'x, y' };\n");
  const failed = await run(process.execPath, [join(source, 'scripts', 'build-cjs.mjs')], { cwd: source }).then(
    () => assert.fail('the build went through'), (e) => e.stderr);
  assert.match(failed, new RegExp(`src/roomcast/errors\\.js:${lines}: 'export const FIRST' declares more than one name`), failed);
});
