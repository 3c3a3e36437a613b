/**
 * Reading user-given text: parameters and credential fields arrive as strings, numbers (from
 * expressions), or nothing at all.
 */

/** The value as text without surrounding spaces; '' for nothing (undefined or null). */
export function trimmedText(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** The value as trimmed text, or undefined when that text is empty. */
export function optionalText(value: unknown): string | undefined {
	return trimmedText(value) || undefined;
}
