/**
 * A minimal "browser" for the signing page in the in-process tests: GETs the page, reads what it
 * shows (state, notice, page token, document links, the inline script's countdown), submits its
 * forms as a browser without JavaScript would (POST application/x-www-form-urlencoded to the
 * page's own address) and opens its document links. Plain HTTP over loopback, bounded by timeouts.
 */
const { request } = require('undici');

const TIMEOUT_MS = 120_000;

function decodeEntities(text) {
	return text
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}

/** What a page shows. */
function parsePage(html) {
	const attr = (re) => {
		const m = re.exec(html);
		return m ? decodeEntities(m[1]) : undefined;
	};
	const tokens = [...html.matchAll(/name="token" value="([^"]*)"/g)].map((m) =>
		decodeEntities(m[1]),
	);
	const links = [
		...html.matchAll(/<li><a href="([^"]*)"[^>]*>.*?<span class="name">([^<]*)<\/span>/g),
	].map((m) => ({ href: decodeEntities(m[1]), label: decodeEntities(m[2]) }));
	return {
		state: attr(/data-state="([^"]*)"/),
		title: attr(/<h1 id="title">([^<]*)<\/h1>/),
		notice: attr(
			/<div class="notice (?:error|info)" role="(?:alert|status)" id="notice">([^<]*)<\/div>/,
		),
		token: tokens[0],
		tokens,
		links,
		cooldown: attr(/data-cooldown="(\d+)"/),
		refresh: attr(/<meta http-equiv="refresh" content="([^"]*)">/),
		lang: attr(/<html lang="([^"]*)"/),
		text: decodeEntities(
			html
				.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
				.replace(/<[^>]+>/g, ' '),
		)
			.replace(/\s+/g, ' ')
			.trim(),
	};
}

async function fetchText(url, options = {}) {
	const res = await request(url, {
		method: options.method ?? 'GET',
		headers: options.headers,
		body: options.body,
		headersTimeout: TIMEOUT_MS,
		bodyTimeout: TIMEOUT_MS,
	});
	const bytes = Buffer.from(await res.body.arrayBuffer());
	return { status: res.statusCode, headers: res.headers, bytes, text: bytes.toString('utf8') };
}

/** GET the page (or any relative link of it). */
async function openPage(pageUrl, relative) {
	const url = relative ? new URL(relative, pageUrl).href : pageUrl;
	const res = await fetchText(url);
	return { ...res, url, page: parsePage(res.text) };
}

/** POST a form of the page: `fields` as a browser sends them. */
async function submit(pageUrl, fields) {
	const body = new URLSearchParams();
	for (const [key, value] of Object.entries(fields)) {
		if (value !== undefined) body.append(key, String(value));
	}
	const res = await fetchText(pageUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: body.toString(),
	});
	return { ...res, page: parsePage(res.text) };
}

module.exports = { openPage, submit, parsePage, fetchText };
