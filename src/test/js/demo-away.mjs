// The demo keeps where the user's inbox was left in the browser (localStorage, demo-positions.js), in Debian's
// Chromium: a private sent while none of the user's pages was open shows when one is opened again, and what the
// first page showed does not show again. A first visit gets every private held for the name. Bob talks from Node.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launch, reportPolicyViolations } from './browser.mjs';
import { WebSocket, loadClient, env, until } from './support.mjs';

const a = env('ROOMCAST_A');
const { Roomcast } = await loadClient(a);
const http = a.replace(/^ws/, 'http').replace(/\/ws$/, '/');
const WAIT = { timeout: 10000 };

test('a private sent while the page was closed shows when it is opened again', async () => {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } }); // one browser's storage
  const problems = [];
  const bob = new Roomcast(a, { user: 'bob', WebSocket });
  const user = 'dora';
  try {
    const open = async (label) => {
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`${label}: uncaught ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && problems.push(`${label}: ${m.text()}`));
      await reportPolicyViolations(page);
      await page.goto(`${http}?ws=${a}`);
      await page.fill('#name', user);
      await page.click('button[type=submit]');
      await page.waitForSelector('#state.open', WAIT);
      await page.waitForSelector('#rooms li.current', WAIT);
      return page;
    };
    const privates = (page) => page.$$eval('#log li.private', (items) => items.map((li) => li.lastChild.textContent));
    const shows = (page, text) => page.waitForFunction((t) => [...document.querySelectorAll('#log li.private')]
      .some((li) => li.lastChild.textContent === t), text, WAIT).catch(async (e) => {
      throw new Error(`'${text}' not shown; the privates shown: ${JSON.stringify(await privates(page))}`, { cause: e });
    });

    await bob.connect();
    await bob.private(user, 'before the first visit'); // stored for dora, who has never connected
    const first = await open('first');
    await shows(first, 'before the first visit');
    await bob.private(user, 'while open');
    await shows(first, 'while open');
    assert.deepEqual(await privates(first), ['before the first visit', 'while open']);
    await first.close();
    // Closing a tab is not instant at the server: until it has seen the close, 'while closed' would go live to the
    // closing page, which saves its position past it. Wait for the server to know dora has no connection left.
    await until('the server to see the first page close', async () => (await fetch(`${http}api/v1/users/${user}`,
      { headers: { Authorization: 'Bearer ' + env('API_KEY') } })).status === 404);

    const { offset } = await bob.private(user, 'while closed');
    const second = await open('second');
    await shows(second, 'while closed');
    assert.deepEqual(await privates(second), ['while closed'], 'what was sent meanwhile, and nothing the first page showed');
    const saved = await second.evaluate((u) => JSON.parse(localStorage.getItem('roomcast.positions.' + u)), user);
    assert.equal(saved.inbox.offset, offset, JSON.stringify(saved));
    assert.deepEqual(problems, []);
  } catch (failed) {
    if (!problems.length) throw failed;
    throw new Error(`${failed.message}\nproblems seen on the pages: ${problems.join('\n')}`, { cause: failed });
  } finally {
    bob.close();
    await browser.close();
  }
});
