/**
 * The signing page as HTML: pure functions of a view (what to show), no I/O. One small inline
 * script (CSP nonce) counts down until a new code may be asked for and stops double submissions;
 * every form also works without JavaScript. Everything that comes from the workflow or the
 * Optimizer is escaped; the look (title, message, logo, accent colour) is validated first.
 */
import type { PageLanguage, PageTexts } from './texts';
import { LOCALE, TEXTS } from './texts';
import type { PageLook } from './look';
import { accentPalette, normalizeLogoUrl } from './look';
import { PAGE_SCRIPT } from './script';
import { PAGE_STYLE } from './styles';

export type PageKind =
	| 'review'
	| 'codeSent'
	| 'signing'
	| 'signed'
	| 'locked'
	| 'expired'
	| 'unavailable'
	| 'error'
	| 'invalid';

export type NoticeKey =
	| 'wrongCode'
	| 'codeMissing'
	| 'readMissing'
	| 'waitBeforeResend'
	| 'noMoreCodes'
	| 'stalePage';

export interface PageDocument {
	label: string;
	/** relative link that opens the document (streamed through the page's webhook) */
	href: string;
}

export interface PageView {
	kind: PageKind;
	language: PageLanguage;
	look: PageLook;
	signerName?: string;
	maskedPhone?: string;
	documents: PageDocument[];
	/** the page token every form carries (review, codeSent) */
	token?: string;
	/** relative URL of the page itself (GET), for links back and the automatic refresh */
	pageHref: string;
	notice?: NoticeKey;
	/** attempts left after a wrong code */
	attemptsLeft?: number;
	/** seconds until a new code may be asked for (codeSent) */
	cooldownSeconds?: number;
	/** wall-clock time from which a new code may be asked for, already formatted */
	resendFrom?: string;
	/** when the last code was sent, formatted */
	codeSentAt?: string;
	/** when the documents were signed, formatted */
	signedAt?: string;
	/** signing: seconds before the page reloads itself */
	refreshSeconds?: number;
	/** CSP nonce of the inline style and script */
	nonce: string;
}

const MAX_TITLE = 120;
const MAX_MESSAGE = 2000;
const MAX_NAME = 120;
export function escapeHtml(value: unknown): string {
	return String(value ?? '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

function clip(text: string | undefined, max: number): string | undefined {
	if (text === undefined) return undefined;
	// control characters (other than tabs and line breaks) have no place on the page
	const clean = [...text]
		.filter((c) => {
			const code = c.charCodeAt(0);
			return code === 9 || code === 10 || code === 13 || (code >= 32 && code !== 127);
		})
		.join('')
		.trim();
	if (!clean) return undefined;
	return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The Content-Security-Policy of the page: nothing but its own inline style/script and the logo. */
export function contentSecurityPolicy(nonce: string, logoUrl: string | undefined): string {
	let img = "'none'";
	if (logoUrl) {
		try {
			img = new URL(logoUrl).origin;
		} catch {
			img = "'none'";
		}
	}
	return [
		"default-src 'none'",
		`style-src 'nonce-${nonce}'`,
		`script-src 'nonce-${nonce}'`,
		`img-src ${img}`,
		"form-action 'self'",
		"base-uri 'none'",
		"frame-ancestors 'none'",
	].join('; ');
}

/** Headers of every page answer (set by the webhook, which writes the answer itself). */
export function pageHeaders(nonce: string, logoUrl: string | undefined): Record<string, string> {
	return {
		'Content-Type': 'text/html; charset=utf-8',
		'Content-Security-Policy': contentSecurityPolicy(nonce, logoUrl),
		'Cache-Control': 'no-store',
		'Referrer-Policy': 'no-referrer',
		'X-Content-Type-Options': 'nosniff',
		'X-Frame-Options': 'DENY',
		'X-Robots-Tag': 'noindex, nofollow',
	};
}

/** Date and time in the signer's language and the workflow's time zone. */
export function formatDateTime(
	at: number,
	language: PageLanguage,
	timeZone: string | undefined,
	what: 'time' | 'dateTime' = 'dateTime',
): string {
	const options: Intl.DateTimeFormatOptions =
		what === 'time'
			? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
			: { dateStyle: 'long', timeStyle: 'short' };
	try {
		return new Intl.DateTimeFormat(LOCALE[language], { ...options, timeZone }).format(at);
	} catch {
		return new Intl.DateTimeFormat(LOCALE[language], options).format(at);
	}
}

function paragraphs(text: string): string {
	return text
		.split(/\n\s*\n/)
		.map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
		.join('');
}

function steps(t: PageTexts, kind: PageKind): string {
	const current = kind === 'review' ? 1 : kind === 'codeSent' ? 3 : 4;
	const labels = [t.stepRead, t.stepCode, t.stepSign];
	const items = labels.map((label, i) => {
		const n = i + 1;
		const done = n < current;
		const attrs = n === current ? ' aria-current="step"' : done ? ' class="done"' : '';
		return `<li${attrs}>${n}. ${escapeHtml(label)}</li>`;
	});
	return `<ol class="steps" aria-label="${escapeHtml(t.stepsLabel)}">${items.join('')}</ol>`;
}

function documentList(t: PageTexts, documents: PageDocument[]): string {
	if (!documents.length) return '';
	const items = documents
		.map(
			(d) =>
				`<li><a href="${escapeHtml(d.href)}" target="_blank" rel="noopener noreferrer"><span class="badge" aria-hidden="true">PDF</span><span class="name">${escapeHtml(d.label)}</span><span class="open">${escapeHtml(t.open)}<span class="sr"> ${escapeHtml(t.opensInNewTab)}</span></span></a></li>`,
		)
		.join('');
	return `<section aria-labelledby="docs-heading"><h2 id="docs-heading">${escapeHtml(t.documentsHeading)}</h2><ul class="docs">${items}</ul></section>`;
}

function noticeHtml(t: PageTexts, view: PageView): string {
	if (!view.notice) return '';
	const texts: Record<NoticeKey, string> = {
		wrongCode: t.wrongCode(view.attemptsLeft ?? 0),
		codeMissing: t.codeMissing,
		readMissing: t.readMissing,
		waitBeforeResend: t.waitBeforeResend,
		noMoreCodes: t.noMoreCodes,
		stalePage: t.stalePage,
	};
	const text = texts[view.notice];
	const error = view.notice !== 'stalePage' && view.notice !== 'waitBeforeResend';
	return `<div class="notice ${error ? 'error' : 'info'}" role="${error ? 'alert' : 'status'}" id="notice">${escapeHtml(text)}</div>`;
}

function tokenField(view: PageView): string {
	return `<input type="hidden" name="token" value="${escapeHtml(view.token ?? '')}">`;
}

function body(
	view: PageView,
	t: PageTexts,
	name: string | undefined,
	message: string | undefined,
): string {
	const phone = view.maskedPhone;
	switch (view.kind) {
		case 'review': {
			const greeting = name ? t.greeting(name) : t.greetingAnonymous;
			return [
				`<p>${escapeHtml(greeting)}</p>`,
				message ? `<div class="message">${paragraphs(message)}</div>` : '',
				`<p>${escapeHtml(t.intro)}</p>`,
				noticeHtml(t, view),
				documentList(t, view.documents),
				`<form method="post" id="send-form">${tokenField(view)}<input type="hidden" name="action" value="send">`,
				`<div class="check"><input type="checkbox" id="read" name="read" value="1" required${view.notice === 'readMissing' ? ' aria-invalid="true" aria-describedby="notice"' : ''}><label for="read">${escapeHtml(t.confirmRead)}</label></div>`,
				`<p class="hint">${escapeHtml(t.sendCode(phone))}</p>`,
				`<button type="submit" class="primary" id="send">${escapeHtml(t.sendCodeButton)}</button></form>`,
			].join('');
		}
		case 'codeSent': {
			const invalid = view.notice === 'wrongCode' || view.notice === 'codeMissing';
			const cooldown = Math.max(0, Math.round(view.cooldownSeconds ?? 0));
			return [
				view.codeSentAt
					? `<div class="notice info" role="status">${escapeHtml(t.codeSent(phone, view.codeSentAt))}</div>`
					: '',
				noticeHtml(t, view),
				`<form method="post" id="sign-form">${tokenField(view)}<input type="hidden" name="action" value="sign">`,
				`<label class="field" for="code">${escapeHtml(t.codeLabel)}</label>`,
				`<p class="hint" id="code-hint">${escapeHtml(t.codeHint)}</p>`,
				`<input class="code" type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="64" required autofocus aria-describedby="code-hint${invalid ? ' notice' : ''}"${invalid ? ' aria-invalid="true"' : ''}>`,
				`<button type="submit" class="primary spaced" id="sign">${escapeHtml(t.signButton)}</button></form>`,
				`<form method="post" id="resend-form">${tokenField(view)}<input type="hidden" name="action" value="send"><input type="hidden" name="read" value="1">`,
				`<button type="submit" class="secondary" id="resend" data-cooldown="${cooldown}" data-label="${escapeHtml(t.resendIn)}">${escapeHtml(t.resendButton)}<span class="countdown" aria-hidden="true"></span></button>`,
				cooldown > 0 && view.resendFrom
					? `<noscript><p class="small">${escapeHtml(t.resendFrom(view.resendFrom))}</p></noscript>`
					: '',
				`</form>`,
				documentList(t, view.documents),
			].join('');
		}
		case 'signing':
			return `<p class="outcome" role="status">${escapeHtml(t.signing)}</p><p><a href="${escapeHtml(view.pageHref)}">${escapeHtml(t.refresh)}</a></p>`;
		case 'signed':
			return `<p class="outcome" role="status">${escapeHtml(t.signed(name, view.signedAt ?? ''))}</p><p>${escapeHtml(t.closePage)}</p>`;
		case 'locked':
			return `<p class="outcome" role="alert">${escapeHtml(t.locked)}</p>`;
		case 'expired':
			return `<p class="outcome" role="alert">${escapeHtml(t.expired)}</p>`;
		case 'unavailable':
			return `<p class="outcome" role="alert">${escapeHtml(t.unavailable)}</p>`;
		case 'error':
			return `<p class="outcome" role="alert">${escapeHtml(t.error)}</p><p><a href="${escapeHtml(view.pageHref)}">${escapeHtml(t.tryAgain)}</a></p>`;
		case 'invalid':
			return `<p class="outcome" role="alert">${escapeHtml(t.invalid)}</p><p><a href="${escapeHtml(view.pageHref)}">${escapeHtml(t.reload)}</a></p>`;
	}
}

/** A sign of the outcome on the pages that end (or pause) the signing. */
function icon(kind: PageKind): string {
	if (kind === 'signed') return '<div class="icon ok" aria-hidden="true">✓</div>';
	if (kind === 'signing') return '<div class="icon wait" aria-hidden="true"></div>';
	if (kind === 'review' || kind === 'codeSent') return '';
	return '<div class="icon stop" aria-hidden="true">!</div>';
}

function heading(view: PageView, t: PageTexts, title: string): string {
	switch (view.kind) {
		case 'signing':
			return t.signingTitle;
		case 'signed':
			return t.signedTitle;
		case 'locked':
			return t.lockedTitle;
		case 'expired':
			return t.expiredTitle;
		case 'unavailable':
			return t.unavailableTitle;
		case 'error':
			return t.errorTitle;
		case 'invalid':
			return t.invalidTitle;
		default:
			return title;
	}
}

/** The whole page. */
export function renderPage(view: PageView): string {
	const t = TEXTS[view.language] ?? TEXTS.EN;
	const title = clip(view.look.title, MAX_TITLE) ?? t.defaultTitle;
	const name = clip(view.signerName, MAX_NAME);
	const message = clip(view.look.message, MAX_MESSAGE);
	const palette = accentPalette(view.look.accentColour);
	const logo = normalizeLogoUrl(view.look.logoUrl) ?? undefined;
	const interactive = view.kind === 'review' || view.kind === 'codeSent';
	const h1 = heading(view, t, title);
	const refresh =
		view.kind === 'signing'
			? `<meta http-equiv="refresh" content="${Math.max(1, Math.round(view.refreshSeconds ?? 3))};url=${escapeHtml(view.pageHref)}">`
			: '';
	const nonce = escapeHtml(view.nonce);
	return [
		'<!DOCTYPE html>',
		`<html lang="${LOCALE[view.language].slice(0, 2)}" data-working="${escapeHtml(t.working)}">`,
		'<head><meta charset="utf-8">',
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		'<meta name="referrer" content="no-referrer">',
		'<meta name="robots" content="noindex, nofollow">',
		refresh,
		`<title>${escapeHtml(h1)}</title>`,
		`<style nonce="${nonce}">:root{--accent:${palette.accent};--on-accent:${palette.onAccent};--link:${palette.link}}${PAGE_STYLE}</style>`,
		'</head><body><main>',
		`<div class="card" data-state="${view.kind}">`,
		'<header>',
		logo ? `<img class="logo" src="${escapeHtml(logo)}" alt="">` : '',
		`<h1 id="title">${escapeHtml(h1)}</h1></header>`,
		interactive || view.kind === 'signed' ? steps(t, view.kind) : '',
		icon(view.kind),
		body(view, t, name, message),
		'</div>',
		`<footer>${escapeHtml(t.footer)}</footer>`,
		'</main>',
		interactive ? `<script nonce="${nonce}">${PAGE_SCRIPT}</script>` : '',
		'</body></html>',
	].join('');
}
