/**
 * Where each operation lives in each API generation (oneshot-api.md, section 0 and 2).
 * Paths are relative to the credential's base URL, which already carries the prefix
 * (`/oneshot/api/v1` for the current Optimizer, `/api/v1` for the legacy one).
 * Operation files only name an endpoint; this table is the one place that knows the paths.
 */
export type ApiGeneration = 'current' | 'legacy';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type EndpointKey =
	| 'token.getMany'
	| 'token.get'
	| 'token.create'
	| 'token.delete'
	| 'request.create'
	| 'request.generateOtp'
	| 'request.sign'
	| 'document.upload'
	| 'document.download'
	| 'document.delete'
	| 'document.deleteAll'
	| 'document.getContract'
	| 'request.get'
	| 'document.getMany';

export type PathParams = Record<string, string | number>;

interface Route {
	method: HttpMethod;
	/** `{name}` placeholders are replaced by URL-encoded path parameters. */
	path: string;
	/** Query string built from the path parameters (current generation's document type). */
	query?: (params: PathParams) => Record<string, string>;
}

type RouteTable = Record<EndpointKey, Route | undefined>;

const current: RouteTable = {
	'token.getMany': { method: 'GET', path: '/tokens' },
	'token.get': { method: 'GET', path: '/token/{tokenUid}' },
	'token.create': { method: 'POST', path: '/token' },
	'token.delete': { method: 'DELETE', path: '/token/{tokenUid}' },
	'request.create': { method: 'POST', path: '/create' },
	'request.generateOtp': { method: 'POST', path: '/otp/{requestPk}' },
	'request.sign': { method: 'POST', path: '/sign/{requestPk}' },
	'document.upload': { method: 'POST', path: '/document/{requestPk}' },
	'document.download': {
		method: 'GET',
		path: '/document/{requestPk}/{documentUid}',
		query: (p) => ({ document_type: String(p.documentType ?? 'original') }),
	},
	'document.delete': { method: 'DELETE', path: '/document/{requestPk}/{documentUid}' },
	'document.deleteAll': { method: 'DELETE', path: '/document/{requestPk}' },
	'document.getContract': { method: 'GET', path: '/contract/{requestPk}' },
	// Not documented for the current Optimizer: callers must cope with 404/405 (trigger confirmation)
	'request.get': { method: 'GET', path: '/request/{requestPk}' },
	'document.getMany': undefined,
};

const legacy: RouteTable = {
	'token.getMany': { method: 'GET', path: '/tokens' },
	'token.get': { method: 'GET', path: '/token/{tokenUid}' },
	'token.create': { method: 'POST', path: '/token' },
	'token.delete': { method: 'DELETE', path: '/token/{tokenUid}' },
	'request.create': { method: 'POST', path: '/request' },
	'request.generateOtp': { method: 'POST', path: '/otp/{requestPk}' },
	'request.sign': { method: 'POST', path: '/sign/{requestPk}' },
	'document.upload': { method: 'POST', path: '/document/{requestPk}' },
	'document.download': {
		method: 'GET',
		path: '/document/{requestPk}/{documentType}/{documentUid}',
	},
	'document.delete': { method: 'DELETE', path: '/document/{requestPk}/original/{documentUid}' },
	'document.deleteAll': { method: 'DELETE', path: '/documents/{requestPk}' },
	'document.getContract': { method: 'GET', path: '/document/{requestPk}/contract' },
	'request.get': { method: 'GET', path: '/request/{requestPk}' },
	'document.getMany': { method: 'GET', path: '/documents/{requestPk}' },
};

const tables: Record<ApiGeneration, RouteTable> = { current, legacy };

export interface ResolvedRoute {
	method: HttpMethod;
	path: string;
	qs: Record<string, string>;
}

/** Returns undefined when the generation has no such endpoint. */
export function resolveRoute(
	generation: ApiGeneration,
	key: EndpointKey,
	params: PathParams = {},
): ResolvedRoute | undefined {
	const route = tables[generation][key];
	if (!route) return undefined;
	const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
		const value = params[name];
		if (value === undefined || value === '') {
			throw new Error(`Missing path parameter "${name}" for ${key}`);
		}
		return encodeURIComponent(String(value));
	});
	return { method: route.method, path, qs: route.query ? route.query(params) : {} };
}
