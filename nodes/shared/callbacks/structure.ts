/**
 * Limits on the structure of a callback body, checked before anything reads it: size, depth,
 * number of values, no keys that would reach an object's prototype. Refusals are `BadCallback`s
 * with a short message that never contains values from the body.
 */

/** Largest body that is parsed (bytes). Bigger bodies are answered 413. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Deepest nesting accepted anywhere in the body. */
export const MAX_DEPTH = 16;
/** Most values (objects, arrays, scalars) accepted in one body. */
export const MAX_VALUES = 20_000;
/** Most certificates accepted in format B. */
export const MAX_CERTIFICATES = 100;

export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class BadCallback extends Error {
	constructor(
		message: string,
		readonly httpStatus: 400 | 413 = 400,
	) {
		super(message);
		this.name = 'BadCallback';
	}
}

export type Plain = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Plain {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
	);
}

export function own(object: Plain, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

export function has(object: Plain, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(object, key) && object[key] !== undefined;
}

/**
 * Walks the whole value without recursion: refuses forbidden keys (prototype pollution),
 * too deep nesting and too many values.
 */
export function assertSafeStructure(root: unknown): void {
	const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
	let count = 0;
	while (stack.length) {
		const { value, depth } = stack.pop()!;
		if (++count > MAX_VALUES) throw new BadCallback('The body has too many values');
		if (typeof value !== 'object' || value === null) continue;
		if (depth >= MAX_DEPTH) throw new BadCallback('The body is nested too deeply');
		if (Array.isArray(value)) {
			for (const entry of value) stack.push({ value: entry, depth: depth + 1 });
			continue;
		}
		for (const key of Object.keys(value)) {
			if (FORBIDDEN_KEYS.has(key))
				throw new BadCallback(`The body contains the forbidden key "${key}"`);
			stack.push({ value: (value as Plain)[key], depth: depth + 1 });
		}
		if (
			Object.getPrototypeOf(value) !== Object.prototype &&
			Object.getPrototypeOf(value) !== null
		) {
			throw new BadCallback('The body is not plain JSON');
		}
	}
}
