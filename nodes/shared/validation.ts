/**
 * Checks of what the Optimizer would reject, done before calling it so the user gets a message
 * naming the field to fix. Each function returns the cleaned value or throws a plain Error whose
 * message is shown as is (the router wraps it in a NodeOperationError for the item).
 */
import { trimmedText } from './text';

export class ValidationError extends Error {
	constructor(
		message: string,
		readonly hint?: string,
	) {
		super(message);
		this.name = 'ValidationError';
	}
}

export const ID_DOCUMENT_TYPES = ['IDC', 'PAS', 'PNO', 'TIN', 'CI', 'CE'] as const;

export function requireText(value: unknown, label: string): string {
	const text = trimmedText(value);
	if (!text) throw new ValidationError(`"${label}" is empty`, `Fill in "${label}".`);
	return text;
}

/** International phone number: keeps "+" and digits, refuses numbers without a country prefix. */
export function normalizePhone(value: unknown): string {
	const raw = requireText(value, 'Mobile Phone Number');
	const compact = raw.replace(/[\s().-]/g, '').replace(/^00/, '+');
	if (!/^\+[1-9]\d{6,14}$/.test(compact)) {
		throw new ValidationError(
			`The mobile phone number "${raw}" needs its international prefix`,
			'Write it with "+" and the country code, e.g. +34600123123. The signer receives the OTP there.',
		);
	}
	return compact;
}

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[A-Za-z]{2,}$/;

export function normalizeEmail(value: unknown): string {
	const raw = requireText(value, 'Email');
	if (!EMAIL.test(raw)) {
		throw new ValidationError(
			`"${raw}" is not a valid e-mail address`,
			'Use an address like name@example.com.',
		);
	}
	return raw;
}

export function normalizeIdDocumentType(value: unknown): string {
	const raw = requireText(value, 'ID Document Type').toUpperCase();
	if (!(ID_DOCUMENT_TYPES as readonly string[]).includes(raw)) {
		throw new ValidationError(
			`"${raw}" is not a valid ID document type`,
			`Use one of ${ID_DOCUMENT_TYPES.join(', ')} (IDC = national ID card, PAS = passport).`,
		);
	}
	return raw;
}

export function normalizeCountry(value: unknown, label = 'ID Document Country'): string {
	const raw = requireText(value, label).toUpperCase();
	if (!/^[A-Z]{2}$/.test(raw)) {
		throw new ValidationError(
			`"${raw}" is not a two-letter country code`,
			`Use the ISO 3166-1 alpha-2 code in "${label}", e.g. ES, PL, FR.`,
		);
	}
	return raw;
}

export function normalizeUrl(value: unknown, label: string): string {
	const raw = requireText(value, label);
	let url: URL | undefined;
	try {
		url = new URL(raw);
	} catch {
		url = undefined;
	}
	if (!url) {
		throw new ValidationError(
			`"${raw}" in "${label}" is not a web address`,
			'Use a full URL starting with https://',
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new ValidationError(
			`"${label}" must start with http:// or https://`,
			'Use a full web address, e.g. https://n8n.example.com/webhook/…',
		);
	}
	return raw;
}

/** Request number: a positive whole number (expressions often hand over strings). */
export function normalizeRequestPk(value: unknown): number {
	const text = trimmedText(value);
	if (!/^\d+$/.test(text) || Number(text) <= 0 || !Number.isSafeInteger(Number(text))) {
		throw new ValidationError(
			text ? `"${text}" is not a valid request ID` : '"Request ID" is empty',
			'Use the requestPk returned by Create, e.g. {{ $json.requestPk }}.',
		);
	}
	return Number(text);
}

/** Comma-separated list (or an array from an expression) → trimmed, non-empty, unique entries. */
export function splitList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map((v) => String(v)) : String(value ?? '').split(',');
	return [...new Set(parts.map((p) => p.trim()).filter(Boolean))];
}

export function isPdf(bytes: Buffer): boolean {
	// PDF files may have a few bytes of junk before the header (the spec allows 1024)
	return bytes.subarray(0, 1024).includes('%PDF-');
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Buffer): boolean {
	return bytes.length >= 8 && PNG_SIGNATURE.every((byte, index) => bytes[index] === byte);
}

export function isJpeg(bytes: Buffer): boolean {
	return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** ISO base media files (MP4, and the MOV/3GP family) carry "ftyp" at byte 4. */
export function isMp4(bytes: Buffer): boolean {
	return bytes.length >= 12 && bytes.subarray(4, 8).toString('latin1') === 'ftyp';
}

/** A positive whole number given by a user (Video ID number). */
export function normalizePositiveInt(value: unknown, label: string, hint: string): number {
	const text = trimmedText(value);
	if (!/^\d+$/.test(text) || Number(text) <= 0 || !Number.isSafeInteger(Number(text))) {
		throw new ValidationError(
			text ? `"${text}" is not a valid ${label}` : `"${label}" is empty`,
			hint,
		);
	}
	return Number(text);
}

/** IANA time zone name such as Europe/Madrid (checked with the runtime's time zone database). */
export function normalizeTimeZone(value: unknown, label = 'Time Zone'): string {
	const zone = requireText(value, label);
	let known = true;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
	} catch {
		known = false;
	}
	if (!known) {
		throw new ValidationError(
			`"${zone}" in "${label}" is not a time zone`,
			'Use a time zone name such as Europe/Madrid, Europe/Warsaw, America/New_York or UTC.',
		);
	}
	return zone;
}

/** What the hash flow's JSON file (multipart field "hashfile") must contain (docs/optimizer-api.md#documents-and-images). */
export interface HashFile {
	messageDigest: string;
	digestAlgorithm?: string;
	[key: string]: unknown;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const NOT_JSON = Symbol('not JSON');

/** Checks a JSON hash file before it is sent; the message names the file to fix. */
export function parseHashFile(bytes: Buffer, fileName: string): HashFile {
	let parsed: unknown = NOT_JSON;
	try {
		parsed = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
	} catch {
		parsed = NOT_JSON;
	}
	if (parsed === NOT_JSON) {
		throw new ValidationError(
			`"${fileName}" is not a JSON hash file`,
			'In Hash mode each binary field must hold a JSON file like {"messageDigest": "<Base64 digest>", "digestAlgorithm": "sha256"}, or choose "Digest Value" as the hash source.',
		);
	}
	const digest =
		parsed && typeof parsed === 'object' && !Array.isArray(parsed)
			? (parsed as Record<string, unknown>).messageDigest
			: undefined;
	if (typeof digest !== 'string' || !BASE64.test(digest.trim()) || digest.trim().length % 4 !== 0) {
		throw new ValidationError(
			`"${fileName}" has no Base64 "messageDigest"`,
			'The JSON hash file must contain "messageDigest": the Base64 digest of the data to sign.',
		);
	}
	return parsed as HashFile;
}

const DIGEST_BYTES = new Set([32, 48, 64]);

/** A SHA-256/384/512 digest written in Base64 or hexadecimal, returned in Base64. */
export function normalizeDigest(value: unknown, label = 'Message Digest'): string {
	const raw = requireText(value, label).replace(/\s+/g, '');
	let bytes: Buffer | undefined;
	if (/^[0-9a-fA-F]+$/.test(raw) && raw.length % 2 === 0 && DIGEST_BYTES.has(raw.length / 2)) {
		bytes = Buffer.from(raw, 'hex');
	} else if (BASE64.test(raw) && raw.length % 4 === 0) {
		bytes = Buffer.from(raw, 'base64');
	}
	if (!bytes || !DIGEST_BYTES.has(bytes.length)) {
		throw new ValidationError(
			`"${label}" is not a SHA-256, SHA-384 or SHA-512 digest`,
			'Give the digest in Base64 (44 characters for SHA-256) or hexadecimal (64 characters for SHA-256), e.g. the output of a Crypto node set to SHA256.',
		);
	}
	return bytes.toString('base64');
}
