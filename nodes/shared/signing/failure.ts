/**
 * A failed call to the Optimizer reduced to what the trigger reports and whether a retry of the
 * same callback could succeed.
 */
export interface CallFailure {
	httpCode?: number;
	message: string;
}

export function failureOf(error: unknown): CallFailure {
	const e = error as { httpCode?: unknown; message?: unknown };
	const code = Number(e?.httpCode);
	const message = typeof e?.message === 'string' ? e.message : 'unknown error';
	return {
		httpCode: Number.isInteger(code) && code > 0 ? code : undefined,
		message: message.length > 200 ? `${message.slice(0, 200)}…` : message,
	};
}

export function isTransient(failure: CallFailure) {
	return failure.httpCode === undefined || failure.httpCode === 429 || failure.httpCode >= 500;
}
