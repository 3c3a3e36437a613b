'use strict';
/**
 * The editor of the real n8n in a real browser: Debian's Chromium (/usr/bin/chromium) driven by
 * playwright-core (no browser download). Used by run.js (`npm run test:e2e`).
 *
 * Loopback only: the browser opens only the n8n under test; background networking, component
 * updates, sync and QUIC are off, every wait is bounded, and `close()` ends the browser.
 */
const fs = require('fs');
const path = require('path');

const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic',
];

/** Whether the browser can run here (the executable exists); else the reason. */
function browserUnavailable() {
	if (!fs.existsSync(CHROMIUM)) {
		return `${CHROMIUM} not found: install Debian's chromium package (apt-get install -y chromium)`;
	}
	try {
		require.resolve('playwright-core');
	} catch {
		return 'playwright-core is not installed (npm ci)';
	}
	return undefined;
}

/**
 * Starts Chromium with a fresh user-data-dir and logs in to n8n as the owner.
 * Returns { page, close(), openWorkflow(id), ... }.
 */
async function openEditor({ baseUrl, email, password, userDataDir, log = () => {} }) {
	const { chromium } = require('playwright-core');
	fs.rmSync(userDataDir, { recursive: true, force: true });
	fs.mkdirSync(userDataDir, { recursive: true });
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: ARGS,
		viewport: { width: 1600, height: 900 },
		timeout: 60_000,
	});
	const page = context.pages()[0] || (await context.newPage());
	page.setDefaultTimeout(30_000);
	page.setDefaultNavigationTimeout(60_000);
	// Nothing but the n8n under test: any other host is refused (n8n's editor tries a few).
	const origin = new URL(baseUrl).origin;
	await context.route('**/*', (route) => {
		const url = route.request().url();
		if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:'))
			return route.continue();
		return route.abort();
	});
	const pageErrors = [];
	page.on('pageerror', (error) => pageErrors.push(String(error && error.message)));

	const close = async () => {
		await context.close().catch(() => {});
	};
	try {
		await page.goto(`${baseUrl}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', email);
		await page.fill('input[name="password"]', password);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL((url) => !url.pathname.includes('/signin'), { timeout: 30_000 });
	} catch (error) {
		await close();
		throw new Error(`Could not log in to the n8n editor: ${error.message}`);
	}
	log(`  (browser: Chromium ${context.browser()?.version() ?? ''} logged in as ${email})`);

	/** Closes popovers n8n shows over the canvas (e.g. the production checklist). */
	async function dismissPopovers() {
		for (let i = 0; i < 3; i++) {
			const dialog = page.locator('[role="dialog"][data-state="open"]');
			if ((await dialog.count()) === 0) return;
			await page.keyboard.press('Escape');
			await page.waitForTimeout(300);
		}
	}

	async function openWorkflow(id) {
		await page.goto(`${baseUrl}/workflow/${id}`);
		await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
		await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
		await dismissPopovers();
		const fit = page.locator('[data-test-id="zoom-to-fit"]');
		if ((await fit.count()) > 0) await fit.first().click();
		await page.waitForTimeout(800);
	}

	/** Every canvas node: name, type, issues shown, icon <img>s with their natural width. */
	async function canvasNodes() {
		return page.$$eval('[data-test-id="canvas-node"]', (els) =>
			els.map((el) => ({
				name: el.getAttribute('data-node-name'),
				type: el.getAttribute('data-node-type'),
				text: el.textContent.replace(/\s+/g, ' ').trim(),
				issues: el.querySelectorAll('[data-test-id="node-issues"]').length,
				icons: [...el.querySelectorAll('img')].map((img) => ({
					src: img.currentSrc || img.src,
					complete: img.complete,
					naturalWidth: img.naturalWidth,
				})),
			})),
		);
	}

	/** Opens the node details view of `name` (double click) and returns its text. */
	async function openNode(name) {
		const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
		await node.first().dblclick();
		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.first().waitFor({ state: 'visible', timeout: 30_000 });
		await page.waitForTimeout(1000);
		return ndv.first().innerText();
	}

	async function closeNode() {
		await page.keyboard.press('Escape');
		await page.waitForTimeout(500);
	}

	async function screenshot(file) {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		await page.screenshot({ path: file });
	}

	return {
		page,
		context,
		pageErrors,
		close,
		openWorkflow,
		canvasNodes,
		openNode,
		closeNode,
		screenshot,
		dismissPopovers,
	};
}

module.exports = { openEditor, browserUnavailable, CHROMIUM };
