// The chat demo at / in Debian's Chromium, driven by playwright-core: two pages chat; the server both are on
// drains (SIGTERM); both pages show the reconnect, move to the other instance, and the conversation has no hole.
// Then a name the server refuses: the page shows why and does not retry.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launch, reportPolicyViolations } from './browser.mjs';
import { env } from './support.mjs';

const a = env('ROOMCAST_A');
const b = env('ROOMCAST_B');
const pidA = Number(env('PID_A'));
const screenshot = env('SCREENSHOT');
const page0 = a.replace(/^ws/, 'http').replace(/\/ws$/, '/');

test('two pages chat through a drain without a hole', async () => {
  const browser = await launch();
  const problems = [];
  let draining = false;
  try {
    const open = async (name) => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
      page.on('pageerror', (e) => problems.push(`${name}: uncaught ${e.message}`));
      page.on('console', (m) => {
        // Once A is gone a connection attempt to it may fail, which Chromium logs itself; nothing else may.
        if (m.type() === 'error' && !(draining && /WebSocket connection to/.test(m.text()))) problems.push(`${name}: ${m.text()}`);
        else if (/Refused to|Content.Security.Policy/i.test(m.text())) problems.push(`${name}: ${m.text()}`);
      });
      await reportPolicyViolations(page);
      const response = await page.goto(`${page0}?ws=${a},${b}&room=demo`);
      assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self';/, 'the page is under its CSP');
      await page.fill('#name', name);
      await page.click('button[type=submit]');
      await page.waitForSelector('#state.open');
      await page.waitForSelector('#rooms li.current');
      return page;
    };
    const alice = await open('alice');
    const bob = await open('bob');
    await alice.waitForFunction(() => [...document.querySelectorAll('#members li')].some((li) => li.textContent.startsWith('bob')));
    assert.equal(await alice.textContent('#count'), '(2)');

    const say = async (page, text) => {
      await page.fill('#text', text);
      await page.press('#text', 'Enter');
    };
    const lines = (page) => page.$$eval('#log li.message', (items) => items.map((li) => li.lastChild.textContent));
    const shown = (page, text) => page.waitForFunction(
      (t) => [...document.querySelectorAll('#log li.message')].some((li) => li.lastChild.textContent === t), text);
    // Each line is on its sender's page before the next is typed: lines from two pages typed at once have no order.
    for (let i = 1; i <= 5; i++) {
      const page = i % 2 ? alice : bob;
      await say(page, `line ${i}`);
      await shown(page, `line ${i}`);
    }
    await bob.waitForFunction(() => document.querySelectorAll('#log li.message').length === 5);

    await say(alice, 'private hello');
    await alice.selectOption('#mode', 'private');
    await alice.fill('#to', 'bob');
    await say(alice, 'just for you');
    await bob.waitForSelector('#log li.private');
    await alice.selectOption('#mode', 'room');

    draining = true;
    process.kill(pidA, 'SIGTERM');
    await alice.waitForSelector('#state.reconnecting', { timeout: 10000 });
    assert.match(await alice.textContent('#state'), /reconnecting in \d+ s/);
    for (let i = 6; i <= 10; i++) await say(i % 2 ? alice : bob, `line ${i}`); // typed while reconnecting
    await alice.waitForSelector('#state.open', { timeout: 15000 });
    await bob.waitForSelector('#state.open', { timeout: 15000 });
    // Lines typed by both while both were away go out as each page gets back: each page's own lines keep their
    // order, and both pages show the one order the room has.
    const all = [...Array(10).keys()].map((i) => `line ${i + 1}`);
    const seen = [];
    for (const page of [alice, bob]) {
      await page.waitForFunction((n) => document.querySelectorAll('#log li.message').length >= n, 11, { timeout: 15000 });
      const said = (await lines(page)).filter((t) => t.startsWith('line '));
      assert.deepEqual([...said].sort(), [...all].sort(), 'every line once: ' + said);
      const odd = said.filter((t) => Number(t.split(' ')[1]) % 2 === 1);
      assert.deepEqual(odd, all.filter((_, i) => i % 2 === 0), "alice's lines in the order she typed them");
      seen.push(said);
      assert.ok(await page.$('#log li.notice.good, #log li.notice.bad'), 'a recovered/missed notice is shown');
    }
    assert.deepEqual(seen[0], seen[1], 'both pages show the same order');
    assert.deepEqual(seen[0].slice(0, 5), all.slice(0, 5));
    assert.equal(await alice.textContent('#count'), '(2)');
    await alice.screenshot({ path: screenshot });

    await alice.setViewportSize({ width: 390, height: 800 });
    const overflow = await alice.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, 'fits a phone-width window: ' + overflow + ' px too wide');
    assert.deepEqual(problems, []);
  } catch (failed) {
    if (!problems.length) throw failed;
    throw new Error(`${failed.message}\nproblems seen on the pages: ${problems.join('\n')}`, { cause: failed }); // e.g. a CSP violation
  } finally {
    await browser.close();
  }
});

test('Swagger UI works under its own policy', async () => {
  const browser = await launch();
  const problems = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(`uncaught ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Refused to|Content.Security.Policy/i.test(m.text())) problems.push(m.text());
    });
    await reportPolicyViolations(page);
    const response = await page.goto(b.replace(/^ws/, 'http').replace(/\/ws$/, '/q/swagger-ui/'));
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    await page.waitForSelector('.opblock-summary-path', { timeout: 15000 }); // the API's operations, from /q/openapi
    assert.deepEqual(problems, []);
  } catch (failed) {
    if (!problems.length) throw failed;
    throw new Error(`${failed.message}\nproblems seen on the pages: ${problems.join('\n')}`, { cause: failed }); // e.g. a CSP violation
  } finally {
    await browser.close();
  }
});

/** roomcast_connections_total{outcome="rejected",reason="invalid_id"} on B: every upgrade B refused for the id. */
async function refusedIds() {
  const text = await (await fetch(b.replace(/^ws/, 'http').replace(/\/ws$/, '/q/metrics'))).text();
  const series = text.split('\n').find((l) => l.startsWith('roomcast_connections_total{') && l.includes('outcome="rejected"')
    && l.includes('reason="invalid_id"'));
  return series ? Number(series.split(' ').pop()) : 0;
}

test('a refused name is shown with its reason and not retried', async () => {
  const browser = await launch();
  const problems = [];
  try {
    for (const [name, why] of [['has space', 'invalid_id: invalid id'], ['server', "invalid_id: id 'server' is reserved"]]) {
      const before = await refusedIds();
      const page = await browser.newPage();
      page.on('pageerror', (e) => problems.push(`${name}: uncaught ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && problems.push(`${name}: ${m.text()}`));
      await page.goto(b.replace(/^ws/, 'http').replace(/\/ws$/, '/')); // the page's own server: B
      await page.$eval('#name', (input) => input.removeAttribute('pattern')); // what the form would not let through
      await page.fill('#name', name);
      await page.click('button[type=submit]');
      await page.waitForSelector('#state.closed.refused', { timeout: 10000 });
      assert.equal(await page.textContent('#state'), 'refused: invalid_id');
      const notices = await page.$$eval('#log li.notice.bad', (items) => items.map((li) => li.textContent));
      assert.equal(notices.length, 1, 'the reason, once: ' + notices);
      assert.ok(notices[0].startsWith(why), notices[0]);
      // Only the absence of a retry is left to show, and that takes time: the demo's first retry comes within 0.5 s.
      await page.waitForTimeout(2000);
      assert.equal(await page.textContent('#state'), 'refused: invalid_id', 'still refused, not reconnecting');
      assert.equal(await refusedIds() - before, 1, 'one upgrade');
      await page.close();
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
