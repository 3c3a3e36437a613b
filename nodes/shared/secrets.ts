/**
 * Secrets must never reach output items, error messages or logs. The Optimizer may echo a field
 * back in an error message, so every text we show passes through `redact`.
 *
 * The rule (README "Safety"):
 * - every secret is taken as typed and trimmed, and each of these forms also in Base64 (the
 *   billing password travels Base64-encoded exactly as typed, surrounding spaces included);
 * - a form of 4 characters or more is masked wherever it appears;
 * - a shorter secret (e.g. a 3-digit PIN) is masked only where it can only be that secret, so
 *   that "request 123" stays readable: a whole text equal to it, and the value of a field whose
 *   name says it is secret (pin, password, token, otp, code, secret; `pin=123`, `"pin":"123"`,
 *   `"pin": 123`, `PIN: 123`, `PIN 123`). Its Base64 form (4 characters or more) is masked
 *   wherever it appears.
 */
const MASK = '[hidden]';

/** Shortest secret masked wherever it appears; shorter ones are masked only in known places. */
export const SHORT_SECRET = 4;

const SECRET_FIELD = 'pin|password|passwd|pwd|billing_password|token|otp|code|secret';
const SECRET_KEY = new RegExp(`(^|_)(${SECRET_FIELD})$`, 'i');

/**
 * Secrets this process made itself (e.g. an execution's callback key, ./callbacks/callbackKey):
 * hidden in every text, whatever the call. Random and long, so they never mask anything else.
 */
const madeHere: string[] = [];
const MAX_MADE_HERE = 500;

export function alwaysHide(value: string) {
	if (value.length < 16 || madeHere.includes(value)) return;
	madeHere.push(value);
	if (madeHere.length > MAX_MADE_HERE) madeHere.shift();
}

export function collectSecrets(values: Array<string | undefined | null>): string[] {
	const secrets = new Set<string>(madeHere);
	for (const value of values) {
		if (typeof value !== 'string') continue;
		const trimmed = value.trim();
		if (!trimmed) continue;
		for (const form of new Set([value, trimmed])) {
			// a padded short secret (" 12 ") is short: its spaces must not make it match "request 12 x"
			if (form === trimmed || trimmed.length >= SHORT_SECRET) secrets.add(form);
			secrets.add(Buffer.from(form, 'utf8').toString('base64'));
		}
	}
	return [...secrets].sort((a, b) => b.length - a.length);
}

function escapeRegExp(value: string): string {
	return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `pin=123`, `"pin":"123"`, `"pin": 123`, `PIN: 123`, `PIN 123`: the secret as a field value. */
function shortSecretPattern(secret: string): RegExp {
	const name = `(?:[A-Za-z]+_)?(?:${SECRET_FIELD})`;
	return new RegExp(
		`(\\b${name}["']?\\s*(?:[:=]|\\s)\\s*["']?)${escapeRegExp(secret)}(?![A-Za-z0-9])`,
		'gi',
	);
}

export function redact(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (!secret) continue;
		if (secret.length >= SHORT_SECRET) {
			out = out.split(secret).join(MASK);
		} else if (out.trim() === secret) {
			return MASK;
		} else {
			out = out.replace(shortSecretPattern(secret), `$1${MASK}`);
		}
	}
	return out;
}

/**
 * Redacts every string inside a JSON-like value (returns a copy). A number under a secret-named
 * key (`pin: 123`) that equals a secret is masked too.
 */
export function redactDeep<T>(value: T, secrets: string[]): T {
	if (secrets.length === 0) return value;
	if (typeof value === 'string') return redact(value, secrets) as unknown as T;
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as unknown as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			const secretNumber =
				typeof v === 'number' && SECRET_KEY.test(k) && secrets.includes(String(v));
			out[k] = secretNumber ? MASK : redactDeep(v, secrets);
		}
		return out as T;
	}
	return value;
}
