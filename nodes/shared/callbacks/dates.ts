/**
 * The dates of callbacks (docs/optimizer-api.md#callbacks): format A's ISO 8601 `date`, format B's compact
 * `sent_at`, certificate validity. All end as ISO 8601 in UTC; unreadable ones as undefined/null.
 */

function utcIso(
	year: number,
	month: number,
	day: number,
	hour: number,
	minute: number,
	second: number,
	ms: number,
	offsetMinutes: number,
): string | undefined {
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
		return undefined;
	}
	const time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	const check = new Date(Date.UTC(year, month - 1, day));
	// rejects 2021-02-30 and the like (Date.UTC rolls them over)
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
	if (year < 1970 || year > 9999) return undefined;
	return new Date(time - offsetMinutes * 60_000).toISOString();
}

const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Format A `date`: ISO 8601; without a time zone it is taken as UTC. */
export function parseFlatDate(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const m = ISO_DATE.exec(value.trim());
	if (!m) return undefined;
	const fraction = m[7] ? Number(`0.${m[7]}`) : 0;
	let offset = 0;
	if (m[8] && m[8].toUpperCase() !== 'Z') {
		const sign = m[8].startsWith('-') ? -1 : 1;
		const digits = m[8].slice(1).replace(':', '');
		const hours = Number(digits.slice(0, 2));
		const minutes = Number(digits.slice(2, 4));
		if (hours > 14 || minutes > 59) return undefined;
		offset = sign * (hours * 60 + minutes);
	}
	return utcIso(
		Number(m[1]),
		Number(m[2]),
		Number(m[3]),
		Number(m[4]),
		Number(m[5]),
		Number(m[6] ?? 0),
		Math.floor(fraction * 1000),
		offset,
	);
}

/** Format B `sent_at`: `YYYYMMDDHHMMSS`, UTC. */
export function parseCompactDate(value: unknown): string | undefined {
	const text = typeof value === 'number' ? String(value) : value;
	if (typeof text !== 'string') return undefined;
	const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text.trim());
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s] = m.map(Number);
	return utcIso(y, mo, d, h, mi, s, 0, 0);
}

/** Certificate validity `YYYYMMDD HH:MM:SS` (UTC); null when absent or unreadable. */
export function parseCertificateDate(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const m = /^(\d{4})(\d{2})(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})$/.exec(value.trim());
	if (m) {
		const [, y, mo, d, h, mi, s] = m.map(Number);
		return utcIso(y, mo, d, h, mi, s, 0, 0) ?? null;
	}
	return parseFlatDate(value) ?? null;
}
