'use strict';
/**
 * Generation-neutral API error. The state layer throws it; each route table renders it in the
 * envelope of its API generation.
 */
Object.defineProperty(exports, '__esModule', { value: true });
exports.REASON = exports.ApiError = void 0;
exports.missingFields = missingFields;
exports.fieldInvalid = fieldInvalid;
exports.statusText = statusText;
class ApiError extends Error {
	status;
	kind;
	fields;
	loc;
	details;
	headers;
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
exports.ApiError = ApiError;
function missingFields(fields) {
	return new ApiError(400, `Missing parameter: ${fields[0]} required`, {
		kind: 'missing',
		fields,
	});
}
function fieldInvalid(loc, message) {
	return new ApiError(400, message, { kind: 'validation', loc });
}
/** Reason phrases used by the legacy envelope (`"status": "404 Not Found"`). */
exports.REASON = {
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
function statusText(status) {
	return `${status} ${exports.REASON[status] ?? 'Error'}`;
}
