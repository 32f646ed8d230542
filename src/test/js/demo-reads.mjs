// The demo's unread counts and "new" marker in Debian's Chromium: two pages of one user (alice), on two instances
// sharing Redis, follow her read position whichever page read. Bob talks from Node.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launch, reportPolicyViolations } from './browser.mjs';
import { WebSocket, loadClient, env } from './support.mjs';

const a = env('ROOMCAST_A');
const b = env('ROOMCAST_B');
const { Roomcast } = await loadClient(a);
const http = (ws) => ws.replace(/^ws/, 'http').replace(/\/ws$/, '/');
const WAIT = { timeout: 10000 };

test('two pages of one user keep unread counts and the read marker in step', async () => {
  const browser = await launch();
  const problems = [];
  const bob = new Roomcast(b, { user: 'bob', WebSocket });
  try {
    /** Alice's page on that instance, in `demo` and `side`, showing `demo`. */
    const open = async (label, ws) => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
      page.on('pageerror', (e) => problems.push(`${label}: uncaught ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && problems.push(`${label}: ${m.text()}`));
      await reportPolicyViolations(page);
      await page.goto(`${http(ws)}?ws=${ws}&room=demo`);
      await page.fill('#name', 'alice');
      await page.click('button[type=submit]');
      await page.waitForSelector('#rooms li.current[data-room="demo"]', WAIT);
      await page.fill('#room-name', 'side');
      await page.press('#room-name', 'Enter');
      await page.waitForSelector('#rooms li.current[data-room="side"]', WAIT);
      await page.click('#rooms li[data-room="demo"]');
      await page.waitForSelector('#rooms li.current[data-room="demo"]', WAIT);
      return page;
    };
    const phone = await open('phone', a);
    const laptop = await open('laptop', b);
    const badges = (page) => page.$$eval('#rooms li', (items) => items.map((li) => li.textContent).join(' | '));
    const badge = (room, count) => (page) => page.waitForFunction(([r, c]) =>
      (document.querySelector(`#rooms li[data-room="${r}"] .unread`)?.textContent ?? '') === c, [room, count], WAIT)
      .catch(async (e) => {
        throw new Error(`${room} unread '${count}' not shown: ${await badges(page)}`, { cause: e });
      });
    /** The log shown: 'marker', or the message's text. */
    const log = (page) => page.$$eval('#log li.message, #log li.marker',
      (items) => items.map((li) => (li.className === 'marker' ? 'marker' : li.lastChild.textContent)));

    await bob.connect();
    await bob.join('side');
    for (const text of ['side 1', 'side 2', 'side 3']) await bob.send('side', text);
    await Promise.all([phone, laptop].map(badge('side', '3')));

    // The phone opens `side`: the marker stands where alice had read, the room is read, and the laptop's count clears.
    await phone.click('#rooms li[data-room="side"]');
    assert.deepEqual(await log(phone), ['marker', 'side 1', 'side 2', 'side 3']);
    await badge('side', '')(laptop);
    await laptop.click('#rooms li[data-room="side"]');
    assert.deepEqual(await log(laptop), ['side 1', 'side 2', 'side 3'], 'read on the phone: nothing new on the laptop');

    // And the other way round: the laptop reads `demo`, the phone's count clears.
    await bob.join('demo');
    await bob.send('demo', 'demo 1');
    await Promise.all([phone, laptop].map(badge('demo', '1')));
    await laptop.click('#rooms li[data-room="demo"]');
    assert.deepEqual(await log(laptop), ['marker', 'demo 1']);
    await badge('demo', '')(phone);
    await phone.click('#rooms li[data-room="demo"]');
    assert.deepEqual(await log(phone), ['demo 1']);
    assert.deepEqual(problems, []);
  } catch (failed) {
    if (!problems.length) throw failed;
    throw new Error(`${failed.message}\nproblems seen on the pages: ${problems.join('\n')}`, { cause: failed });
  } finally {
    bob.close();
    await browser.close();
  }
});
