// Checks Swagger UI end to end in a headless browser against a running instance (not part of CI: it needs a
// Chromium). Usage, with the application running on BASE (default http://localhost:8080):
//   npm install --no-save playwright-core@1.65.1 && BASE=http://localhost:8080 node scripts/swagger-ui-check.mjs
// CHROMIUM points at the browser (default /usr/bin/chromium, Debian's package).
// It registers a customer, takes a token from POST /api/auth/token, opens Swagger UI, checks every operation and the
// request examples are shown, authorizes with the token and tries GET /api/users/me from the page.
import { chromium } from 'playwright-core';

const base = process.env.BASE ?? 'http://localhost:8080';
const email = `swagger-${Date.now()}@shop.test`;
const password = 'correct horse battery';

const post = (path, body) => fetch(base + path, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
});
if ((await post('/api/users', { email, name: 'Swagger', password })).status !== 201) throw new Error('register failed');
const token = (await (await post('/api/auth/token', { email, password })).json()).access_token;
const spec = await (await fetch(base + '/v3/api-docs')).json();
const operations = Object.values(spec.paths).flatMap(Object.keys).length;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };

try {
  const page = await browser.newPage();
  await page.goto(base + '/swagger-ui.html');
  await page.waitForSelector('.opblock', { timeout: 30000 });

  const shown = await page.locator('.opblock').count();
  check(shown === operations, `Swagger UI shows ${shown} of the ${operations} operations`);
  for (const tag of ['user', 'catalog', 'order', 'notification', 'operations']) {
    check(await page.locator(`.opblock-tag[data-tag="${tag}"]`).count() === 1, `tag ${tag} is shown`);
  }

  const register = page.locator('#operations-user-register');
  await register.locator('.opblock-summary').click();
  await register.locator('.body-param__example, .microlight').first().waitFor();
  check((await register.innerText()).includes('ada@example.com'), 'the registration shows its request example');
  check((await register.innerText()).includes('409'), 'the registration shows its 409 answer');

  await page.locator('.auth-wrapper .authorize').click();
  await page.locator('.modal-ux input').first().fill(token);
  await page.locator('.modal-ux button.authorize').click();
  await page.locator('.modal-ux button.btn-done').click();

  const me = page.locator('#operations-user-me');
  await me.locator('.opblock-summary').click();
  await me.locator('button.try-out__btn').click();
  await me.locator('button.execute').click();
  await me.locator('.live-responses-table tbody .response-col_status').first().waitFor({ timeout: 15000 });
  const status = (await me.locator('.live-responses-table tbody .response-col_status').first().innerText()).trim();
  check(status === '200', `GET /api/users/me tried out with the token answers ${status}`);
  check((await me.locator('.live-responses-table').innerText()).includes(email), 'and shows the signed-in account');

  await page.screenshot({ path: process.env.SCREENSHOT ?? 'target/swagger-ui.png', fullPage: true });
} finally {
  await browser.close();
}

if (failures.length) { console.error(`${failures.length} check(s) failed`); process.exit(1); }
console.log('Swagger UI works end to end');
