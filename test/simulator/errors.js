'use strict';
/**
 * @typedef {object} ApiErrorInit
 * @property {'plain' | 'missing' | 'validation'} [kind] 'missing' and 'validation' are field
 *   errors: FastAPI answers them with 422 and a `detail` list (see routes-current.js).
 * @property {string[]} [fields] The missing fields (kind 'missing').
 * @property {string[]} [loc] FastAPI location of the invalid field (kind 'validation'),
 *   e.g. `['body', 'callback']`.
 * @property {unknown} [details] Structured detail, such as per-field messages; the route tables
 *   decide where it goes in the body.
 * @property {Record<string, string>} [headers] Extra response headers.
 */

/**
 * Generation-neutral API error. The state layer throws it; each route table renders it in the
 * envelope of its API generation.
 */
class ApiError extends Error {
	/**
	 * @param {number} status HTTP status.
	 * @param {string} message The vendor's message.
	 * @param {ApiErrorInit} [init]
	 */
	constructor(status, message, init = {}) {
		super(message);
		this.name = 'ApiError';
		this.status = status;
		this.kind = init.kind ?? 'plain';
		this.fields = init.fields ?? [];
		this.loc = init.loc ?? [];
		this.details = init.details;
		this.headers = init.headers ?? {};
	}
}

/** @param {string[]} fields */
function missingFields(fields) {
	return new ApiError(400, `Missing parameter: ${fields[0]} required`, {
		kind: 'missing',
		fields,
	});
}

/**
 * @param {string[]} loc
 * @param {string} message
 */
function fieldInvalid(loc, message) {
	return new ApiError(400, message, { kind: 'validation', loc });
}

/** Reason phrases used by the legacy envelope (`"status": "404 Not Found"`). */
const REASON = {
	200: 'OK',
	201: 'Created',
	400: 'Bad Request',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	412: 'Precondition Failed',
	413: 'Payload Too Large',
	415: 'Unsupported Media Type',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

/** `404` → `'404 Not Found'`. */
function statusText(status) {
	return `${status} ${REASON[status] ?? 'Error'}`;
}

module.exports = { ApiError, REASON, missingFields, fieldInvalid, statusText };
