/**
 * Where each operation lives in each API generation (docs/optimizer-api.md#routes).
 * Paths are relative to the credential's base URL, which already carries the prefix
 * (`/oneshot/api/v1` for the current Optimizer, `/api/v1` for the legacy one).
 * Operation files only name an endpoint; this table is the one place that knows the paths.
 * `undefined` = the generation has no such call (none is documented): the transport then says
 * so, with what the user can do instead (UNAVAILABLE below).
 */
export type ApiGeneration = 'current' | 'legacy';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type EndpointKey =
	| 'token.getMany'
	| 'token.get'
	| 'token.create'
	| 'token.delete'
	| 'request.create'
	| 'request.get'
	/** Get Request where it may exist: the trigger tries it and copes with 404/405 */
	| 'request.tryGet'
	| 'request.cancel'
	| 'request.getAsyncStatus'
	| 'request.generateOtp'
	| 'request.sign'
	| 'document.upload'
	| 'document.download'
	| 'document.delete'
	| 'document.deleteAll'
	| 'document.getContract'
	| 'document.getMany'
	| 'image.upload'
	| 'image.get'
	| 'image.delete'
	| 'image.getMany'
	| 'image.deleteAll'
	| 'videoId.create'
	| 'videoId.uploadEvidences'
	| 'videoId.uploadVideo'
	| 'videoId.approve'
	| 'videoId.refuse'
	| 'videoId.downloadVideo'
	| 'optimizer.checkConnection'
	| 'optimizer.getVersion';

export type PathParams = Record<string, string | number>;

interface Route {
	method: HttpMethod;
	/** `{name}` placeholders are replaced by URL-encoded path parameters. */
	path: string;
	/** Query string built from the path parameters (current generation's document type). */
	query?: (params: PathParams) => Record<string, string>;
}

type RouteTable = Record<EndpointKey, Route | undefined>;

/** Token routes: the same on both generations. */
const TOKEN_ROUTES = {
	'token.getMany': { method: 'GET', path: '/tokens' },
	'token.get': { method: 'GET', path: '/token/{tokenUid}' },
	'token.create': { method: 'POST', path: '/token' },
	'token.delete': { method: 'DELETE', path: '/token/{tokenUid}' },
} satisfies Partial<RouteTable>;

const current: RouteTable = {
	...TOKEN_ROUTES,
	'request.create': { method: 'POST', path: '/create' },
	// Get and Cancel Request are not public for the current Optimizer (docs/optimizer-api.md#routes)
	'request.get': undefined,
	// undocumented there: only the trigger's confirmation tries it, and copes with 404/405
	'request.tryGet': { method: 'GET', path: '/request/{requestPk}' },
	'request.cancel': undefined,
	// removed in the current Optimizer (docs/optimizer-api.md#routes)
	'request.getAsyncStatus': undefined,
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
	'document.getMany': undefined,
	'image.upload': { method: 'POST', path: '/image' },
	'image.get': { method: 'GET', path: '/image/{imageUid}' },
	'image.delete': { method: 'DELETE', path: '/image/{imageUid}' },
	'image.getMany': undefined,
	'image.deleteAll': undefined,
	// Video ID calls take the Video ID number on the current Optimizer (docs/optimizer-api.md#video-id)
	'videoId.create': { method: 'POST', path: '/videoid' },
	'videoId.uploadEvidences': { method: 'POST', path: '/videoid/{videoIdPk}/evidences' },
	'videoId.uploadVideo': { method: 'POST', path: '/videoid/{videoIdPk}/video' },
	'videoId.approve': { method: 'POST', path: '/videoid/{videoIdPk}/approve' },
	'videoId.refuse': { method: 'POST', path: '/videoid/{videoIdPk}/refuse' },
	// "Download Videoid Video" exists there, but its path is not public
	'videoId.downloadVideo': undefined,
	'optimizer.checkConnection': undefined,
	'optimizer.getVersion': undefined,
};

const legacy: RouteTable = {
	...TOKEN_ROUTES,
	'request.create': { method: 'POST', path: '/request' },
	'request.get': { method: 'GET', path: '/request/{requestPk}' },
	'request.tryGet': { method: 'GET', path: '/request/{requestPk}' },
	'request.cancel': { method: 'DELETE', path: '/request/{requestPk}' },
	'request.getAsyncStatus': { method: 'GET', path: '/async/status/{requestPk}' },
	'request.generateOtp': { method: 'POST', path: '/otp/{requestPk}' },
	'request.sign': { method: 'POST', path: '/sign/{requestPk}' },
	'document.upload': { method: 'POST', path: '/document/{requestPk}' },
	'document.download': {
		method: 'GET',
		path: '/document/{requestPk}/{documentType}/{documentUid}',
	},
	'document.delete': {
		method: 'DELETE',
		path: '/document/{requestPk}/{documentType}/{documentUid}',
	},
	'document.deleteAll': { method: 'DELETE', path: '/documents/{requestPk}' },
	'document.getContract': { method: 'GET', path: '/document/{requestPk}/contract' },
	'document.getMany': { method: 'GET', path: '/documents/{requestPk}' },
	'image.upload': { method: 'POST', path: '/image' },
	'image.get': { method: 'GET', path: '/image/{imageUid}' },
	'image.delete': { method: 'DELETE', path: '/image/{imageUid}' },
	'image.getMany': { method: 'GET', path: '/images' },
	'image.deleteAll': { method: 'DELETE', path: '/images' },
	// Video ID calls take the request number on the legacy Optimizer
	'videoId.create': { method: 'POST', path: '/videoid' },
	'videoId.uploadEvidences': { method: 'POST', path: '/videoid/{requestPk}/evidences' },
	'videoId.uploadVideo': { method: 'POST', path: '/videoid/{requestPk}/evidences/video' },
	'videoId.approve': { method: 'POST', path: '/requests/{requestPk}/approve' },
	'videoId.refuse': { method: 'POST', path: '/videoid/{requestPk}/refuse' },
	'videoId.downloadVideo': { method: 'GET', path: '/videoid/{requestPk}/download/video' },
	'optimizer.checkConnection': { method: 'GET', path: '/hello' },
	'optimizer.getVersion': { method: 'GET', path: '/version' },
};

const tables: Record<ApiGeneration, RouteTable> = { current, legacy };

export const GENERATION_LABEL: Record<ApiGeneration, string> = {
	current: 'current Optimizer (/oneshot/api/v1)',
	legacy: 'legacy Optimizer (/api/v1)',
};

interface Unavailable {
	/** What the user tried, in the words of the node's UI */
	what: string;
	/** What they can do instead */
	instead: string;
}

/** Why an operation is missing on a generation and what to do instead (docs/optimizer-api.md#routes). */
const UNAVAILABLE: Partial<Record<EndpointKey, Unavailable>> = {
	'request.get': {
		what: 'Getting a signature request',
		instead:
			'Its documentation has no public call for it. To follow a request, create it in asynchronous mode and react to its notifications with a Uanataca One-Shot Trigger; to know whether it is signed, use Sign with "Wait for Completion" or download a signed document.',
	},
	'request.cancel': {
		what: 'Cancelling a signature request',
		instead:
			'Its documentation has no public call for it. A request that is never signed issues no certificate: delete its documents with Document → Delete All, and ask your registration authority to cancel it if needed. A Video ID request can be refused with Video ID → Refuse.',
	},
	'request.getAsyncStatus': {
		what: 'Getting the asynchronous status of a request',
		instead:
			'This call was removed in the current Optimizer: its progress is reported by notifications. Use a Uanataca One-Shot Trigger, or Sign with "Wait for Completion".',
	},
	'document.getMany': {
		what: 'Listing the documents of a request',
		instead:
			"Keep the UIDs that Upload returns (documents[].uid in its output) and pass them on, e.g. {{ $('Upload').item.json.documents }}.",
	},
	'image.getMany': {
		what: 'Listing signature images',
		instead: 'Keep the imageUid that Image → Upload returns and pass it on.',
	},
	'image.deleteAll': {
		what: 'Deleting all signature images',
		instead: 'Delete them one by one with Image → Delete, using the imageUid Upload returned.',
	},
	'videoId.downloadVideo': {
		what: 'Downloading the Video ID video',
		instead:
			'Its documentation names this call but does not publish its address. Download the video from your Video ID provider or from the registration authority instead.',
	},
	'optimizer.checkConnection': {
		what: 'Checking the connection',
		instead:
			'It has no "hello" call. Use the "Test" button of the credential, or Token → Get Many: if it answers, the Optimizer is reachable.',
	},
	'optimizer.getVersion': {
		what: 'Getting the Optimizer version',
		instead: 'It has no version call. Ask your Optimizer administrator which version is installed.',
	},
};

/** The plain-words error for an operation the generation does not have. */
export function unavailableMessage(
	generation: ApiGeneration,
	key: EndpointKey,
): { message: string; description: string } {
	const entry = UNAVAILABLE[key] ?? { what: 'This operation', instead: '' };
	const other: ApiGeneration = generation === 'current' ? 'legacy' : 'current';
	const switchHint = tables[other][key]
		? ` If your Optimizer is in fact a ${GENERATION_LABEL[other]}, set "API Generation" in the credential to match it.`
		: '';
	return {
		message: `${entry.what} is not possible on the ${GENERATION_LABEL[generation]}`,
		description: `${entry.instead}${switchHint}`.trim(),
	};
}

/** Labels and hints for path parameters, so a missing one is reported in the node's words. */
const PARAMETER_HELP: Record<string, { label: string; hint: string }> = {
	requestPk: {
		label: 'Request ID',
		hint: 'Use the requestPk returned by Create (or by Create Video ID), e.g. {{ $json.requestPk }}.',
	},
	videoIdPk: {
		label: 'Video ID Number',
		hint: 'The current Optimizer identifies a Video ID by its own number: use videoIdPk from the output of Create Video ID, e.g. {{ $json.videoIdPk }}.',
	},
	documentUid: { label: 'Document UID', hint: 'Use a UID returned by Upload.' },
	tokenUid: { label: 'Token UID', hint: 'Use a token listed by Token → Get Many.' },
	imageUid: { label: 'Image UID', hint: 'Use the imageUid returned by Image → Upload.' },
};

/** A path parameter the chosen route needs was not given. */
export class MissingPathParameter extends Error {
	readonly label: string;

	readonly hint: string;

	constructor(
		readonly parameter: string,
		key: EndpointKey,
		generation: ApiGeneration,
	) {
		const help = PARAMETER_HELP[parameter] ?? { label: parameter, hint: '' };
		super(`Missing path parameter "${parameter}" for ${key}: "${help.label}" is empty`);
		this.name = 'MissingPathParameter';
		this.label = `"${help.label}" is needed for this call on the ${GENERATION_LABEL[generation]}`;
		this.hint = help.hint;
	}
}

/**
 * The documented alphabet of path values: request and Video ID numbers, hexadecimal or UUID uids
 * and `original`/`signed` (docs/optimizer-api.md#routes). Anything else, `.` and `..` included (which
 * resolve to another route: `/document/123/..` is `/document`), is refused before any call.
 */
const PATH_VALUE = /^(?!\.{1,2}$)[A-Za-z0-9_-]+$/;

/** A path value outside the documented alphabet. */
export class InvalidPathParameter extends Error {
	readonly label: string;

	readonly hint: string;

	constructor(
		readonly parameter: string,
		value: string,
	) {
		const help = PARAMETER_HELP[parameter] ?? { label: parameter, hint: '' };
		const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
		super(`"${help.label}" is not valid: "${shown}"`);
		this.name = 'InvalidPathParameter';
		this.label = `"${help.label}" is not valid: "${shown}"`;
		this.hint =
			`It may hold only letters, digits, "-" and "_" (numbers for requests, the UIDs the Optimizer returns). Nothing was sent. ${help.hint}`.trim();
	}
}

export interface ResolvedRoute {
	method: HttpMethod;
	path: string;
	qs: Record<string, string>;
}

/** Whether a generation has the endpoint at all. */
export function hasEndpoint(generation: ApiGeneration, key: EndpointKey): boolean {
	return tables[generation][key] !== undefined;
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
			throw new MissingPathParameter(name, key, generation);
		}
		if (!PATH_VALUE.test(String(value))) throw new InvalidPathParameter(name, String(value));
		return encodeURIComponent(String(value));
	});
	return { method: route.method, path, qs: route.query ? route.query(params) : {} };
}
