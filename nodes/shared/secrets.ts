/**
 * Secrets must never reach output items, error messages or logs. The Optimizer may echo a field
 * back in an error message, so every text we show passes through `redact`.
 */
const MASK = '[hidden]';

export function collectSecrets(values: Array<string | undefined | null>): string[] {
	const secrets = new Set<string>();
	for (const value of values) {
		if (typeof value !== 'string') continue;
		const trimmed = value.trim();
		// very short values (e.g. "1") would mask unrelated text and are not meaningful secrets
		if (trimmed.length < 4) continue;
		secrets.add(trimmed);
		secrets.add(Buffer.from(trimmed, 'utf8').toString('base64'));
	}
	return [...secrets].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (!secret) continue;
		out = out.split(secret).join(MASK);
	}
	return out;
}

/** Redacts every string inside a JSON-like value (returns a copy). */
export function redactDeep<T>(value: T, secrets: string[]): T {
	if (secrets.length === 0) return value;
	if (typeof value === 'string') return redact(value, secrets) as unknown as T;
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as unknown as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			out[k] = redactDeep(v, secrets);
		}
		return out as T;
	}
	return value;
}
