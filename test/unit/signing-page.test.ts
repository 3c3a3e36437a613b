/**
 * The signing page as pure functions: what each state renders, in each language, escaped; the
 * validation of the look; the page token; the choice of the page from what is known; the
 * per-execution memory (one action at a time, nonces, one resume).
 */
import { sleep } from 'n8n-workflow';

import { isPageRequest } from '../../nodes/UanatacaOneShot/waiting/signingPage/common';
import {
	claimResume,
	exclusive,
	forgetPages,
	pageActive,
	pageMemory,
	useNonce,
} from '../../nodes/UanatacaOneShot/waiting/signingPage/memory';
import type { PageView } from '../../nodes/UanatacaOneShot/waiting/signingPage/render';
import {
	accentPalette,
	maskPhone,
	normalizeAccentColour,
	normalizeLogoUrl,
} from '../../nodes/UanatacaOneShot/waiting/signingPage/look';
import {
	contentSecurityPolicy,
	escapeHtml,
	formatDateTime,
	pageHeaders,
	renderPage,
} from '../../nodes/UanatacaOneShot/waiting/signingPage/render';
import {
	NO_PROGRESS,
	attemptsLeft,
	cooldownSeconds,
	createPageToken,
	decodeStoredState,
	encodeStoredState,
	mergeProgress,
	pageKind,
	readPageToken,
} from '../../nodes/UanatacaOneShot/waiting/signingPage/state';
import { TEXTS, pageLanguage } from '../../nodes/UanatacaOneShot/waiting/signingPage/texts';

const HREF = '?signature=abc%2Fpage';

function view(overrides: Partial<PageView> = {}): PageView {
	return {
		kind: 'review',
		language: 'EN',
		look: {},
		signerName: 'María García',
		maskedPhone: '+34 ••• ••• 123',
		documents: [
			{ label: 'Service contract for your signature certificate', href: `${HREF}&doc=contract` },
			{ label: 'loan.pdf', href: `${HREF}&doc=0` },
		],
		token: 'TOKEN.SIG',
		pageHref: HREF,
		nonce: 'NONCE123',
		...overrides,
	};
}

/** The visible text of a page (no tags, scripts, styles). */
function text(html: string) {
	return html
		.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&amp;/g, '&')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/\s+/g, ' ');
}

function forms(html: string) {
	return [...html.matchAll(/<form method="post" id="([^"]+)">([\s\S]*?)<\/form>/g)].map((m) => ({
		id: m[1],
		action: /name="action" value="([^"]+)"/.exec(m[2])?.[1],
		token: /name="token" value="([^"]*)"/.exec(m[2])?.[1],
		body: m[2],
	}));
}

describe('rendering each state', () => {
	test('not opened yet (review): greeting, documents opening in a new tab, read confirmation, "Send me the code"', () => {
		const html = renderPage(view());
		expect(html.startsWith('<!DOCTYPE html><html lang="en"')).toBe(true);
		expect(html).toContain('data-state="review"');
		expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
		expect(html).toContain('<meta name="referrer" content="no-referrer">');
		const t = text(html);
		expect(t).toContain('Sign your documents');
		expect(t).toContain('Hello María García,');
		expect(t).toContain('We will send a one-time code by text message to +34 ••• ••• 123.');
		expect(html).toContain(
			'<a href="?signature=abc%2Fpage&amp;doc=contract" target="_blank" rel="noopener noreferrer">',
		);
		expect(t).toContain('Open (opens in a new tab)');
		const [send] = forms(html);
		expect(send).toMatchObject({ id: 'send-form', action: 'send', token: 'TOKEN.SIG' });
		// a labelled, required checkbox
		expect(send.body).toContain('<input type="checkbox" id="read" name="read" value="1" required>');
		expect(send.body).toContain('<label for="read">I have read the service contract');
		expect(send.body).toContain(
			'<button type="submit" class="primary" id="send">Send me the code</button>',
		);
		// steps: 1 is current
		expect(html).toContain('<li aria-current="step">1. Read</li>');
		// inline style and script carry the CSP nonce; nothing else is inline
		expect(html).toContain('<style nonce="NONCE123">');
		expect(html).toContain('<script nonce="NONCE123">');
		expect(html).not.toMatch(/ style="/);
		expect(html).not.toMatch(/ on[a-z]+="/);
	});

	test('without a name or phone the page still reads well', () => {
		const t = text(renderPage(view({ signerName: undefined, maskedPhone: undefined })));
		expect(t).toContain('Hello,');
		expect(t).toContain('to your mobile phone.');
	});

	test('code sent: code field (labelled, one-time-code), sign, resend with countdown, time for no-JS', () => {
		const html = renderPage(
			view({
				kind: 'codeSent',
				cooldownSeconds: 42,
				resendFrom: '10:43:05',
				codeSentAt: '10:42:05',
			}),
		);
		expect(html).toContain('data-state="codeSent"');
		const t = text(html);
		expect(t).toContain('We sent a one-time code to +34 ••• ••• 123 at 10:42:05.');
		const [sign, resend] = forms(html);
		expect(sign).toMatchObject({ id: 'sign-form', action: 'sign', token: 'TOKEN.SIG' });
		expect(sign.body).toContain('<label class="field" for="code">One-time code</label>');
		expect(sign.body).toMatch(
			/<input class="code" type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="64" required autofocus aria-describedby="code-hint">/,
		);
		expect(resend).toMatchObject({ id: 'resend-form', action: 'send' });
		expect(resend.body).toContain('name="read" value="1"');
		expect(resend.body).toContain('data-cooldown="42" data-label="available in"');
		expect(resend.body).toContain(
			'<noscript><p class="small">You can ask for a new code from 10:43:05.</p></noscript>',
		);
		// steps 1 and 2 done, 3 current
		expect(html).toContain(
			'<li class="done">2. Get the code</li><li aria-current="step">3. Sign</li>',
		);
		// the documents stay available
		expect(t).toContain('loan.pdf');
	});

	test('code sent, minute over: no countdown, no waiting text', () => {
		const html = renderPage(view({ kind: 'codeSent', cooldownSeconds: 0, codeSentAt: '10:42:05' }));
		expect(html).toContain('data-cooldown="0"');
		expect(html).not.toContain('<noscript>');
	});

	test('wrong code: a clear message as an alert, attempts left, the field marked invalid', () => {
		const html = renderPage(view({ kind: 'codeSent', notice: 'wrongCode', attemptsLeft: 2 }));
		expect(html).toContain(
			'<div class="notice error" role="alert" id="notice">The code is not correct or has expired. Check the latest text message and try again. Attempts left: 2.</div>',
		);
		expect(html).toContain('aria-describedby="code-hint notice" aria-invalid="true"');
	});

	test('locked: no form, no script, says what happened and what to do', () => {
		const html = renderPage(view({ kind: 'locked' }));
		expect(html).toContain('data-state="locked"');
		expect(forms(html)).toEqual([]);
		expect(html).not.toContain('<script');
		expect(html).not.toContain('TOKEN.SIG');
		const t = text(html);
		expect(t).toContain('Signature stopped');
		expect(t).toContain('Too many incorrect codes were entered, so the documents were not signed.');
	});

	test('signed: confirmation with the name and the time, all steps done', () => {
		const html = renderPage(view({ kind: 'signed', signedAt: '3 June 2026 at 10:45' }));
		const t = text(html);
		expect(t).toContain('Documents signed');
		expect(t).toContain(
			'Thank you, María García. Your documents were signed on 3 June 2026 at 10:45.',
		);
		expect(t).toContain('You can close this page.');
		expect(html).toContain('<li class="done">3. Sign</li>');
		expect(forms(html)).toEqual([]);
	});

	test('expired: no documents, no forms', () => {
		const html = renderPage(view({ kind: 'expired' }));
		expect(html).toContain('data-state="expired"');
		expect(text(html)).toContain('This link has expired');
		expect(html).not.toContain('doc=');
		expect(forms(html)).toEqual([]);
	});

	test('completing the signature: refreshes itself (GET of the page), with a link for no refresh', () => {
		const html = renderPage(view({ kind: 'signing', refreshSeconds: 3 }));
		expect(html).toContain('<meta http-equiv="refresh" content="3;url=?signature=abc%2Fpage">');
		expect(html).toContain('<a href="?signature=abc%2Fpage">Refresh</a>');
	});

	test('unavailable, error and out-of-date pages', () => {
		expect(text(renderPage(view({ kind: 'unavailable' })))).toContain(
			'This signature request is no longer available.',
		);
		const error = renderPage(view({ kind: 'error' }));
		expect(text(error)).toContain('We could not reach the signing service.');
		expect(error).toContain('<a href="?signature=abc%2Fpage">Try again</a>');
		expect(text(renderPage(view({ kind: 'invalid' })))).toContain('This page is out of date');
	});

	test('the other notices of the interactive pages', () => {
		expect(renderPage(view({ notice: 'readMissing' }))).toContain(
			'role="alert" id="notice">Please confirm that you have read the documents.',
		);
		expect(renderPage(view({ kind: 'codeSent', notice: 'codeMissing' }))).toContain(
			'Enter the code you received.',
		);
		expect(renderPage(view({ kind: 'codeSent', notice: 'waitBeforeResend' }))).toContain(
			'class="notice info" role="status" id="notice">A code was sent less than a minute ago.',
		);
		expect(renderPage(view({ kind: 'codeSent', notice: 'noMoreCodes' }))).toContain(
			'role="alert" id="notice">No more codes can be sent from this page.',
		);
		expect(renderPage(view({ kind: 'codeSent', notice: 'stalePage' }))).toContain(
			'This page was out of date.',
		);
	});
});

describe('languages', () => {
	test('Spanish and Polish pages', () => {
		const es = renderPage(view({ language: 'ES', kind: 'codeSent', codeSentAt: '10:42' }));
		expect(es).toContain('<html lang="es"');
		expect(text(es)).toContain(
			'Hemos enviado un código de un solo uso al +34 ••• ••• 123 a las 10:42.',
		);
		expect(text(es)).toContain('Firmar los documentos');
		const pl = renderPage(view({ language: 'PL' }));
		expect(pl).toContain('<html lang="pl"');
		expect(text(pl)).toContain('Podpisz swoje dokumenty');
		expect(text(pl)).toContain('Wyślij mi kod');
	});

	test('every language has every text', () => {
		const keys = Object.keys(TEXTS.EN).sort();
		expect(Object.keys(TEXTS.ES).sort()).toEqual(keys);
		expect(Object.keys(TEXTS.PL).sort()).toEqual(keys);
	});

	test('the request language picks the page language; anything else is English', () => {
		expect(pageLanguage('es')).toBe('ES');
		expect(pageLanguage('PL')).toBe('PL');
		expect(pageLanguage(null)).toBe('EN');
		expect(pageLanguage('FR')).toBe('EN');
	});

	test('dates in the language and the time zone of the workflow', () => {
		const at = Date.UTC(2026, 5, 3, 8, 45, 0);
		expect(formatDateTime(at, 'EN', 'Europe/Madrid', 'time')).toBe('10:45:00');
		expect(formatDateTime(at, 'ES', 'Europe/Madrid')).toMatch(/3 de junio de 2026/);
		expect(formatDateTime(at, 'PL', 'Europe/Warsaw')).toMatch(/3 czerwca 2026/);
		// an unknown time zone falls back to the server's
		expect(formatDateTime(at, 'EN', 'Nowhere/Else', 'time')).toMatch(/^\d\d:45:00$/);
	});
});

describe('escaping and the look', () => {
	const evil = '<img src=x onerror="alert(1)">&\'"';

	test('title, message, names and document labels are escaped', () => {
		const html = renderPage(
			view({
				look: { title: evil, message: `${evil}\n\nsecond` },
				signerName: evil,
				documents: [{ label: evil, href: `${HREF}&doc=0"><script>` }],
			}),
		);
		expect(html).not.toContain('<img src=x');
		expect(html).not.toContain('"><script>');
		expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;&quot;');
		expect(html).toContain('<div class="message"><p>&lt;img');
		expect(html).toContain('</p><p>second</p></div>');
	});

	test('control characters are dropped, long texts cut', () => {
		const html = renderPage(view({ look: { title: `A\u0000B\u0007C${'x'.repeat(300)}` } }));
		expect(html).toMatch(/<h1 id="title">ABCx+…<\/h1>/);
		expect(/<h1 id="title">([^<]*)<\/h1>/.exec(html)?.[1].length).toBe(120);
	});

	test('accent colours', () => {
		expect(normalizeAccentColour('#0F4C81')).toBe('#0f4c81');
		expect(normalizeAccentColour('abc')).toBe('#aabbcc');
		expect(normalizeAccentColour('')).toBeUndefined();
		for (const bad of ['red', '#12345', 'url(x)', '#fff; } body {', 'rgb(0,0,0)']) {
			expect(normalizeAccentColour(bad)).toBeNull();
		}
		// readable text on the accent, readable links on white
		expect(accentPalette('#0f4c81')).toEqual({
			accent: '#0f4c81',
			onAccent: '#ffffff',
			link: '#0f4c81',
		});
		expect(accentPalette('#ffcc00')).toEqual({
			accent: '#ffcc00',
			onAccent: '#111827',
			link: '#1f2937',
		});
		expect(accentPalette('not a colour').accent).toBe('#0f4c81');
		expect(renderPage(view({ look: { accentColour: '#ffcc00' } }))).toContain(
			'--accent:#ffcc00;--on-accent:#111827;--link:#1f2937',
		);
	});

	test('logo addresses: https only (http on this machine), no credentials', () => {
		expect(normalizeLogoUrl('https://cdn.example.com/logo.png')).toBe(
			'https://cdn.example.com/logo.png',
		);
		expect(normalizeLogoUrl('http://127.0.0.1:8080/logo.svg')).toBe(
			'http://127.0.0.1:8080/logo.svg',
		);
		expect(normalizeLogoUrl('')).toBeUndefined();
		for (const bad of [
			'http://cdn.example.com/logo.png',
			'javascript:alert(1)',
			'data:image/png;base64,AAAA',
			'https://user:pw@cdn.example.com/logo.png',
			'/logo.png',
			`https://example.com/${'a'.repeat(2100)}`,
		]) {
			expect(normalizeLogoUrl(bad)).toBeNull();
		}
		const html = renderPage(view({ look: { logoUrl: 'https://cdn.example.com/a.png?x="1"' } }));
		expect(html).toContain(
			'<img class="logo" src="https://cdn.example.com/a.png?x=%221%22" alt="">',
		);
		// an unacceptable logo is left out, not shown
		expect(renderPage(view({ look: { logoUrl: 'javascript:alert(1)' } }))).not.toContain('<img');
	});

	test('masked phone numbers', () => {
		expect(maskPhone('+34600123123')).toBe('+34 ••• ••• 123');
		expect(maskPhone('+48 512 345 678')).toBe('+48 ••• ••• 678');
		expect(maskPhone('12')).toBeUndefined();
		expect(maskPhone(undefined)).toBeUndefined();
	});

	test('headers: a strict CSP (only the nonce, only the logo origin), no framing, no referrer, no cache', () => {
		expect(contentSecurityPolicy('N', undefined)).toBe(
			"default-src 'none'; style-src 'nonce-N'; script-src 'nonce-N'; img-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
		);
		expect(contentSecurityPolicy('N', 'https://cdn.example.com/x/logo.png')).toContain(
			'img-src https://cdn.example.com;',
		);
		expect(pageHeaders('N', undefined)).toMatchObject({
			'Content-Type': 'text/html; charset=utf-8',
			'Cache-Control': 'no-store',
			'Referrer-Policy': 'no-referrer',
			'X-Frame-Options': 'DENY',
			'X-Content-Type-Options': 'nosniff',
		});
	});

	test('escapeHtml', () => {
		expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
			'&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
		);
		expect(escapeHtml(undefined)).toBe('');
	});
});

describe('which page a signer sees', () => {
	const base = { now: 1_000_000, expiresAt: 2_000_000, progress: NO_PROGRESS, maxAttempts: 3 };

	test('not opened / code sent / wrong codes / locked / signed / expired / completing / unavailable', () => {
		expect(pageKind(base)).toBe('review');
		expect(pageKind({ ...base, progress: { ...NO_PROGRESS, sentAt: 999_000 } })).toBe('codeSent');
		expect(pageKind({ ...base, progress: { ...NO_PROGRESS, sentAt: 1, attempts: 2 } })).toBe(
			'codeSent',
		);
		expect(pageKind({ ...base, progress: { ...NO_PROGRESS, sentAt: 1, attempts: 3 } })).toBe(
			'locked',
		);
		expect(pageKind({ ...base, outcome: 'signed' })).toBe('signed');
		expect(pageKind({ ...base, now: 2_000_000 })).toBe('expired');
		expect(pageKind({ ...base, submitted: true })).toBe('signing');
		expect(pageKind({ ...base, outcome: 'cancelled' })).toBe('unavailable');
		expect(pageKind({ ...base, outcome: 'locked' })).toBe('locked');
		// once signed, the time limit does not matter any more
		expect(pageKind({ ...base, now: 3_000_000, outcome: 'signed' })).toBe('signed');
	});

	test('the one-per-minute rule and the attempts left', () => {
		const progress = { ...NO_PROGRESS, sentAt: 1_000_000 };
		expect(cooldownSeconds(progress, 1_000_000)).toBe(60);
		expect(cooldownSeconds(progress, 1_030_500)).toBe(30);
		expect(cooldownSeconds(progress, 1_060_000)).toBe(0);
		expect(cooldownSeconds(NO_PROGRESS, 5)).toBe(0);
		expect(attemptsLeft({ ...NO_PROGRESS, attempts: 1 }, 3)).toBe(2);
		expect(attemptsLeft({ ...NO_PROGRESS, attempts: 5 }, 3)).toBe(0);
	});

	test('progress from memory and from a token: the furthest of both', () => {
		expect(
			mergeProgress(
				{ sentAt: 10, sends: 1, attempts: 2, readAt: 5 },
				{ sentAt: 20, sends: 2, attempts: 1, readAt: 3 },
			),
		).toEqual({ sentAt: 20, sends: 2, attempts: 2, readAt: 3 });
		expect(mergeProgress(NO_PROGRESS, { ...NO_PROGRESS, readAt: 7 }).readAt).toBe(7);
	});
});

describe('the page token', () => {
	const secret = 'k'.repeat(32);
	const progress = { sentAt: 123, sends: 1, attempts: 2, readAt: 100 };

	test('carries the progress of this execution, signed', () => {
		const token = createPageToken(secret, 'exec-1', progress, 1000, 'nonce-1');
		expect(readPageToken(secret, 'exec-1', token, 2000)).toEqual({
			...progress,
			executionId: 'exec-1',
			nonce: 'nonce-1',
			issuedAt: 1000,
		});
	});

	test('refused: another execution, another key, altered, from the future, malformed', () => {
		const token = createPageToken(secret, 'exec-1', progress, 1000, 'n');
		expect(readPageToken(secret, 'exec-2', token, 2000)).toBeUndefined();
		expect(readPageToken('x'.repeat(32), 'exec-1', token, 2000)).toBeUndefined();
		// the payload of a token with fewer attempts under the signature of this one
		const [, mac] = token.split('.');
		const [altered] = createPageToken(
			secret,
			'exec-1',
			{ ...progress, attempts: 0 },
			1000,
			'n',
		).split('.');
		expect(readPageToken(secret, 'exec-1', `${altered}.${mac}`, 2000)).toBeUndefined();
		expect(readPageToken(secret, 'exec-1', token, 1000 - 61_000)).toBeUndefined();
		for (const bad of [undefined, '', 'a', 'a.b', 'a.b.c', token + '.x', 'x'.repeat(2000)]) {
			expect(readPageToken(secret, 'exec-1', bad, 2000)).toBeUndefined();
		}
	});

	test('the state kept with the parked execution (custom data) fits and reads back', () => {
		const stored = { v: 1 as const, pk: 388141, k: 'k'.repeat(32), x: 1_900_000_000_000 };
		const text = encodeStoredState(stored);
		expect(text.length).toBeLessThan(255);
		expect(decodeStoredState(text)).toEqual(stored);
		expect(decodeStoredState('{"v":1,"pk":1}')).toBeUndefined();
		expect(decodeStoredState('nope')).toBeUndefined();
		expect(decodeStoredState(undefined)).toBeUndefined();
	});
});

describe('the memory of the pages', () => {
	beforeEach(() => forgetPages());

	test('one action of an execution at a time, in order', async () => {
		const entry = pageMemory('e1', Date.now() + 60_000, Date.now());
		const order: string[] = [];
		const slow = exclusive(entry, async () => {
			order.push('a start');
			await sleep(5);
			order.push('a end');
		});
		const fast = exclusive(entry, async () => {
			order.push('b');
		});
		expect(entry.busy).toBe(2);
		await Promise.all([slow, fast]);
		expect(order).toEqual(['a start', 'a end', 'b']);
		expect(entry.busy).toBe(0);
		// a failing action does not block the next one
		await expect(exclusive(entry, async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
		await expect(exclusive(entry, async () => 'next')).resolves.toBe('next');
	});

	test('a nonce acts once; the execution is resumed once', () => {
		const entry = pageMemory('e2', Date.now() + 60_000, Date.now());
		expect(useNonce(entry, 'n1')).toBe(true);
		expect(useNonce(entry, 'n1')).toBe(false);
		expect(claimResume(entry)).toBe(true);
		expect(claimResume(entry)).toBe(false);
	});

	test('the same execution, the same memory; the signer counts as present for a while after a signature was accepted', () => {
		const now = Date.now();
		const entry = pageMemory('e3', now + 60_000, now);
		expect(pageMemory('e3', now + 60_000, now)).toBe(entry);
		expect(pageActive(entry, now)).toBe(false);
		entry.submittedAt = now;
		entry.lastSeen = now;
		expect(pageActive(entry, now + 1000)).toBe(true);
		expect(pageActive(entry, now + 60_000)).toBe(false);
	});
});

describe('which waiting-webhook requests are the page', () => {
	test('{{ $execution.resumeUrl }}/page and the path form are; the resume URL itself is not', () => {
		expect(isPageRequest({ originalUrl: '/webhook-waiting/12?signature=abc/page' })).toBe(true);
		expect(isPageRequest({ originalUrl: '/webhook-waiting/12?signature=abc%2Fpage&doc=0' })).toBe(
			true,
		);
		expect(isPageRequest({ url: '/webhook-waiting/12/page?signature=abc' })).toBe(true);
		expect(isPageRequest({ originalUrl: '/webhook-waiting/12?signature=abc' })).toBe(false);
		expect(isPageRequest({ originalUrl: '/webhook-waiting/12?signature=abc&crm=page' })).toBe(
			false,
		);
		expect(isPageRequest({})).toBe(false);
	});
});
