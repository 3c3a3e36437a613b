/**
 * Checks of incoming callbacks: the secret token of the callback URL and, for deployments behind
 * a reverse proxy, a header or HTTP basic credentials. Every comparison is constant-time:
 * both sides are hashed to equal-length SHA-256 digests and compared with timingSafeEqual, so
 * neither the content nor the length of a secret leaks through timing.
 */
import { createHash, timingSafeEqual } from 'crypto';

import type { TriggerConfig } from './filters';

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time equality of two texts of any lengths. */
export function safeEqual(given: string, expected: string): boolean {
	return timingSafeEqual(digest(given), digest(expected));
}

export type HeaderValue = string | string[] | undefined;

export interface IncomingAuth {
	/** Every `token` value in the query string (normally one). */
	tokens: string[];
	headers: Record<string, HeaderValue>;
}

function single(value: HeaderValue): string | undefined {
	if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
	return value;
}

function headerOf(headers: Record<string, HeaderValue>, name: string): HeaderValue {
	const wanted = name.toLowerCase();
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() === wanted) return headers[key];
	}
	return undefined;
}

/** User and password of an `Authorization: Basic ...` header, if well-formed. */
export function parseBasicAuth(
	header: string | undefined,
): { user: string; password: string } | undefined {
	if (!header) return undefined;
	const match = /^\s*basic\s+([A-Za-z0-9+/=._-]+)\s*$/i.exec(header);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Whether the callback may be processed. All configured checks are evaluated every time
 * (no early exit that would tell which one failed).
 */
export function isAuthorized(config: TriggerConfig, incoming: IncomingAuth): boolean {
	let ok = true;
	if (config.secretToken) {
		const token = incoming.tokens.length === 1 ? incoming.tokens[0] : '';
		ok = safeEqual(token, config.secretToken) && incoming.tokens.length === 1 && ok;
	}
	if (config.authentication === 'header') {
		const value = single(headerOf(incoming.headers, config.headerName));
		ok = safeEqual(value ?? '', config.headerValue) && value !== undefined && ok;
	}
	if (config.authentication === 'basic') {
		const credentials = parseBasicAuth(single(headerOf(incoming.headers, 'authorization')));
		const userOk = safeEqual(credentials?.user ?? '', config.basicUser);
		const passwordOk = safeEqual(credentials?.password ?? '', config.basicPassword);
		ok = userOk && passwordOk && credentials !== undefined && ok;
	}
	return ok;
}
