/**
 * What the Sign via Signing Page operation (parking) and the page's webhook share: the page's
 * path and how a request to it is recognised, the documents and signer it shows, the look.
 */
import type { IDataObject } from 'n8n-workflow';

import { optionalText } from '../../../shared/text';
import { ValidationError } from '../../../shared/validation';
import type { PageLook } from './look';
import { normalizeAccentColour, normalizeLogoUrl } from './look';
import type { PageLanguage } from './texts';

/** Path of the page's waiting webhooks: {{ $execution.resumeUrl }}/page */
export const PAGE_PATH = 'page';
export const PAGE_URL_EXPRESSION = '{{ $execution.resumeUrl }}/page';

/**
 * Whether a request to the execution's waiting webhooks is for the page: n8n takes the suffix
 * from the path (/webhook-waiting/<id>/page?signature=<token>) or from the end of the token
 * ({{ $execution.resumeUrl }}/page = /webhook-waiting/<id>?signature=<token>/page).
 */
export function isPageRequest(request: { originalUrl?: unknown; url?: unknown }): boolean {
	const url =
		typeof request.originalUrl === 'string'
			? request.originalUrl
			: typeof request.url === 'string'
				? request.url
				: '';
	const at = url.indexOf('?');
	const path = at < 0 ? url : url.slice(0, at);
	if (/\/page\/?$/.test(path)) return true;
	const signature = new URLSearchParams(at < 0 ? '' : url.slice(at + 1)).get('signature') ?? '';
	return signature.endsWith(`/${PAGE_PATH}`);
}

export const DEFAULT_MAX_ATTEMPTS = 3;

export interface PageDocumentInfo {
	uid: string;
	fileName: string | null;
}

export interface SignerInfo {
	name: string | null;
	maskedPhone: string | null;
	language: PageLanguage;
}

export function readLook(options: IDataObject): PageLook {
	const accent = normalizeAccentColour(options.accentColor);
	if (accent === null) {
		throw new ValidationError(
			`"${String(options.accentColor)}" in "Accent Color" is not a colour`,
			'Use a hexadecimal colour such as #0f4c81.',
		);
	}
	const logo = normalizeLogoUrl(options.logoUrl);
	if (logo === null) {
		throw new ValidationError(
			'"Logo URL" must be an https:// address (without user name or password)',
			'Use the https address of an image, e.g. https://example.com/logo.png.',
		);
	}
	return {
		title: optionalText(options.title),
		message: optionalText(options.message),
		logoUrl: logo,
		accentColour: accent,
	};
}
