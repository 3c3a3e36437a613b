/**
 * The signing page as HTML: pure functions of a view (what to show), no I/O. One small inline
 * script (CSP nonce) counts down until a new code may be asked for and stops double submissions;
 * every form also works without JavaScript. Everything that comes from the workflow or the
 * Optimizer is escaped; the look (title, message, logo, accent colour) is validated first.
 */
import type { PageLanguage, PageTexts } from './texts';
import { LOCALE, TEXTS } from './texts';

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

export interface PageLook {
	title?: string;
	message?: string;
	/** validated with normalizeLogoUrl */
	logoUrl?: string;
	/** validated with normalizeAccentColour: #rrggbb */
	accentColour?: string;
}

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
export const DEFAULT_ACCENT = '#0f4c81';

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

/** "#abc", "#AABBCC", "aabbcc" → "#aabbcc"; empty → undefined; anything else → null. */
export function normalizeAccentColour(value: unknown): string | undefined | null {
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text);
	if (!match) return null;
	const hex = match[1].toLowerCase();
	return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The logo address: https (http only on this machine, for tests), no credentials in it, at most
 * 2048 characters. Empty → undefined; not acceptable → null.
 */
export function normalizeLogoUrl(value: unknown): string | undefined | null {
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	if (text.length > 2048) return null;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return null;
	}
	const secure =
		url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
	if (!secure || url.username || url.password) return null;
	return url.href;
}

/** "+34600123123" → "+34 ••• ••• 123": enough for the signer to recognise it, no more. */
export function maskPhone(value: unknown): string | undefined {
	const digits = String(value ?? '').replace(/[^\d+]/g, '');
	const plain = digits.replace(/^\+/, '');
	if (plain.length < 6) return undefined;
	return `+${plain.slice(0, 2)} ••• ••• ${plain.slice(-3)}`;
}

function luminance(hex: string): number {
	const channel = (i: number) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: number, b: number): number {
	return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** Colours derived from the accent: text on the accent, and a link colour readable on white. */
export function accentPalette(accent: string | undefined): {
	accent: string;
	onAccent: string;
	link: string;
} {
	const colour = normalizeAccentColour(accent) ?? DEFAULT_ACCENT;
	const l = luminance(colour);
	const onAccent = contrast(l, 1) >= contrast(l, 0) ? '#ffffff' : '#111827';
	const link = contrast(l, 1) >= 4.5 ? colour : '#1f2937';
	return { accent: colour, onAccent, link };
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

const STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:40rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:1.25rem;border-top:6px solid var(--accent)}
header{display:flex;flex-direction:column;align-items:flex-start;gap:.5rem;margin-bottom:.5rem}
.logo{max-height:48px;max-width:160px;object-fit:contain}
h1{font-size:1.45rem;line-height:1.25;margin:.25rem 0}
h2{font-size:1.05rem;margin:1.25rem 0 .5rem}
p{margin:.5rem 0}
a{color:var(--link)}
.steps{display:flex;gap:.25rem;list-style:none;padding:0;margin:.75rem 0 1rem;font-size:.85rem}
.steps li{flex:1;text-align:center;padding:.35rem .25rem;border-bottom:3px solid #d1d5db;color:#6b7280}
.steps li.done{border-color:var(--accent);color:#111827}
.steps li[aria-current]{border-color:var(--accent);color:#111827;font-weight:600}
.message{background:#f9fafb;border-left:4px solid var(--accent);padding:.5rem .75rem;margin:.75rem 0}
.docs{list-style:none;padding:0;margin:0}
.docs li{border:1px solid #e5e7eb;border-radius:8px;margin:.4rem 0}
.docs a{display:flex;align-items:center;gap:.6rem;padding:.7rem .8rem;text-decoration:none;min-height:44px}
.docs a:hover,.docs a:focus{background:#f9fafb}
.docs .badge{flex:none;font-size:.7rem;font-weight:700;color:#b91c1c;border:1px solid #fca5a5;border-radius:4px;padding:.05rem .3rem}
.docs .name{flex:1;color:#111827;word-break:break-word}
.docs .open{flex:none;font-weight:600}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
form{margin:1rem 0 0}
.check{display:flex;gap:.6rem;align-items:flex-start;padding:.6rem 0}
.check input{width:1.35rem;height:1.35rem;margin:.1rem 0 0;flex:none;accent-color:var(--accent)}
label.field{display:block;font-weight:600;margin:.25rem 0}
input.code{width:100%;font-size:1.5rem;letter-spacing:.2em;padding:.6rem .75rem;border:2px solid #9ca3af;border-radius:8px}
input.code:focus{outline:3px solid var(--accent);outline-offset:1px}
.hint{color:#4b5563;font-size:.9rem;margin:.25rem 0 .5rem}
.spaced{margin-top:.75rem}
#resend-form{margin-top:.75rem}
button{font:inherit;font-weight:600;min-height:48px;width:100%;border-radius:8px;padding:.7rem 1rem;cursor:pointer}
button.primary{background:var(--accent);color:var(--on-accent);border:0}
button.secondary{background:#fff;color:#111827;border:2px solid #d1d5db}
button:disabled{opacity:.6;cursor:default}
button:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.notice{border-radius:8px;padding:.7rem .8rem;margin:.75rem 0}
.notice.error{background:#fef2f2;border:1px solid #fca5a5;color:#7f1d1d}
.notice.info{background:#eff6ff;border:1px solid #bfdbfe;color:#1e3a8a}
.outcome{font-size:1.05rem}
.icon{width:3rem;height:3rem;border-radius:50%;display:flex;align-items:center;justify-content:center;font-size:1.6rem;font-weight:700;margin:.25rem 0 .5rem}
.icon.ok{background:#dcfce7;color:#166534}
.icon.stop{background:#fee2e2;color:#991b1b}
.icon.wait{border:4px solid #e5e7eb;border-top-color:var(--accent);animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.icon.wait{animation:none}}
.small{font-size:.85rem;color:#4b5563}
footer{margin:1rem 0 2rem;text-align:center;font-size:.8rem;color:#6b7280}
@media (min-width:40rem){main{padding:2rem 1rem}.card{padding:2rem}}
`;

const SCRIPT = `(function(){
var root=document.documentElement;
var working=root.getAttribute('data-working')||'';
var b=document.querySelector('[data-cooldown]');
if(b){var out=b.querySelector('.countdown');var label=b.getAttribute('data-label')||'';
var end=Date.now()+(parseInt(b.getAttribute('data-cooldown'),10)||0)*1000;
var shown=-1;var tick=function(){var left=Math.max(0,Math.ceil((end-Date.now())/1000));
if(left>0){if(left!==shown){shown=left;b.disabled=true;out.textContent=' ('+label+' '+Math.floor(left/60)+':'+('0'+(left%60)).slice(-2)+')';}requestAnimationFrame(tick);}
else{b.disabled=false;out.textContent='';}};tick();}
var forms=document.querySelectorAll('form');
for(var i=0;i<forms.length;i++){forms[i].addEventListener('submit',function(e){
var f=e.target;if(f.getAttribute('data-sent')){e.preventDefault();return;}f.setAttribute('data-sent','1');
var s=f.querySelector('button[type=submit]');if(s){s.setAttribute('aria-busy','true');s.textContent=working;}});}
})();`;

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
		`<style nonce="${nonce}">:root{--accent:${palette.accent};--on-accent:${palette.onAccent};--link:${palette.link}}${STYLE}</style>`,
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
		interactive ? `<script nonce="${nonce}">${SCRIPT}</script>` : '',
		'</body></html>',
	].join('');
}
