/**
 * The look of the signing page as the workflow sets it (title, message, logo, accent colour),
 * validated, and the colours derived from the accent.
 */

export interface PageLook {
	title?: string;
	message?: string;
	/** validated with normalizeLogoUrl */
	logoUrl?: string;
	/** validated with normalizeAccentColour: #rrggbb */
	accentColour?: string;
}

export const DEFAULT_ACCENT = '#0f4c81';

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
