/**
 * Checks of what the Optimizer would reject, done before calling it so the user gets a message
 * naming the field to fix. Each function returns the cleaned value or throws a plain Error whose
 * message is shown as is (the router wraps it in a NodeOperationError for the item).
 */
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
	const text = value === undefined || value === null ? '' : String(value).trim();
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
		throw new ValidationError(`"${label}" must start with http:// or https://`);
	}
	return raw;
}

/** Request number: a positive whole number (expressions often hand over strings). */
export function normalizeRequestPk(value: unknown): number {
	const text = value === undefined || value === null ? '' : String(value).trim();
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
