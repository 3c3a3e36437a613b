'use strict';
/**
 * The vendor's API descriptions as an OpenAPI request validator (openapi-backend):
 * - legacy: docs/vendor/oneshot-legacy-openapi.yaml, the vendor's own document;
 * - current: docs/vendor/oneshot-current-openapi.yaml, written from the vendor's pages.
 *
 * Where the validator, reading the vendor's document to the letter, is stricter than the vendor's
 * own descriptions and examples, the finding is excused by an exception listed here, each with
 * the text or example that justifies it. Nothing else is excused.
 */
const fs = require('node:fs');
const path = require('node:path');
const { OpenAPIBackend } = require('openapi-backend');
const YAML = require('yaml');

const ROOT = path.join(__dirname, '..', '..');
const FILES = {
	legacy: path.join(ROOT, 'docs', 'vendor', 'oneshot-legacy-openapi.yaml'),
	current: path.join(ROOT, 'docs', 'vendor', 'oneshot-current-openapi.yaml'),
};

/**
 * Repairs of the legacy document that let a validator read it at all (it is not valid OpenAPI
 * 3.0.1 as published). Applied to an in-memory copy; the file in docs/vendor is unchanged.
 */
const DOCUMENT_REPAIRS = [
	{
		id: 'swagger2-file-type',
		why: 'The document declares file fields with Swagger 2\'s `type: file` (e.g. create_request\'s document_front, "type: file, format: binary"); OpenAPI 3 writes a file as `type: string, format: binary`, which is what is meant.',
		/** @param {any} doc */
		apply(doc) {
			const walk = (node) => {
				if (Array.isArray(node)) node.forEach(walk);
				else if (node && typeof node === 'object') {
					if (node.type === 'file') node.type = 'string';
					Object.values(node).forEach(walk);
				}
			};
			walk(doc);
		},
	},
	{
		id: 'external-description',
		why: "info.description is `$ref: ./oneshot_videoid_gui.md`, a Markdown file of the vendor's repository, not a schema: dropped.",
		/** @param {any} doc */
		apply(doc) {
			doc.info.description = 'UANATACA ONE-SHOT SIGNATURE API DOCUMENTATION';
		},
	},
];

/**
 * @typedef {object} Finding One validator error, as openapi-backend (Ajv) reports it.
 * @property {string} instancePath
 * @property {string} keyword
 * @property {Record<string, any>} params
 * @property {string} [message]
 */

/**
 * Findings the vendor's own document contradicts. `applies` gets the finding and the body sent.
 * @type {Array<{ id: string, operations: string[], why: string, applies: (f: Finding, body: any) => boolean }>}
 */
const EXCEPTIONS = [
	{
		id: 'rao-credentials-either',
		operations: ['create_request', 'approve_request', 'refuse_request'],
		why: 'The schemas list token and username, password, pin all as required, but each field says the opposite: token "Not required when RAO\'s credentials (username, password, pin) are included as fields in this call", username/password/pin "Not required when included in token". Excused when the body has a token, or username, password and pin.',
		applies: (f, body) =>
			f.keyword === 'required' &&
			['token', 'username', 'password', 'pin'].includes(f.params.missingProperty) &&
			!!body &&
			(!!body.token || (!!body.username && !!body.password && !!body.pin)),
	},
	{
		id: 'settings-defaults',
		operations: ['create_request', 'create_videoid', 'create_token'],
		why: 'The schemas list env, billing_username, billing_password, registration_authority and profile as required, but each field says "Required only if not set at settings.ini file" (the Optimizer\'s settings supply them: GET /api/v1/settings shows default_ra, default_profile, billing and environment).',
		applies: (f) =>
			f.keyword === 'required' &&
			['env', 'billing_username', 'billing_password', 'registration_authority', 'profile'].includes(
				f.params.missingProperty,
			),
	},
	{
		id: 'multipart-array-one-part',
		operations: ['upload_document', 'upload_image'],
		why: 'upload_document and upload_image declare `file`, `hashfile` and `image` as arrays of files, but their own samples send one part (`-F file=@sample_folder/document.pdf`, `-F image=@sample_folder/image.png`), which a form reader gives as one value, not a list.',
		applies: (f) =>
			f.keyword === 'type' &&
			/^\/requestBody\/(file|hashfile|image)$/.test(f.instancePath) &&
			f.params.type === 'array',
	},
];

/** @param {'legacy' | 'current'} generation */
function readDocument(generation) {
	const doc = YAML.parse(fs.readFileSync(FILES[generation], 'utf8'));
	if (generation === 'legacy') for (const repair of DOCUMENT_REPAIRS) repair.apply(doc);
	return doc;
}

/**
 * @param {'legacy' | 'current'} generation
 */
async function loadVendorApi(generation) {
	const document = readDocument(generation);
	const api = new OpenAPIBackend({
		definition: document,
		strict: true,
		validate: true,
		quick: false,
		ajvOpts: { strict: false, logger: false },
	});
	// The document's own formats (e.g. "base64") are unknown to the validator and ignored: said
	// once here rather than as a warning per field on every run.
	const warn = console.warn;
	console.warn = (...args) => {
		if (!/^unknown format/.test(String(args[0]))) warn(...args);
	};
	try {
		await api.init();
	} finally {
		console.warn = warn;
	}
	return {
		generation,
		document,
		api,
		/** Every operation of the document: `{ operationId, method, path }`. */
		operations: () =>
			api
				.getOperations()
				.map((o) => ({ operationId: o.operationId, method: o.method, path: o.path })),
		/**
		 * Checks one request: the operation it matches and what the validator finds, exceptions
		 * removed (and listed in `excused`).
		 * @param {{ method: string, path: string, query: Record<string, string>, headers: Record<string, string>, body: any }} req
		 */
		check(req) {
			const request = { ...req, method: req.method.toLowerCase() };
			const operation = api.matchOperation(request);
			if (!operation) {
				return {
					operationId: undefined,
					errors: ['no operation of the document matches'],
					excused: [],
				};
			}
			const result = api.validateRequest(request, operation);
			/** @type {string[]} */
			const errors = [];
			/** @type {string[]} */
			const excused = [];
			for (const finding of /** @type {Finding[]} */ (result.errors ?? [])) {
				const exception = EXCEPTIONS.find(
					(e) => e.operations.includes(operation.operationId ?? '') && e.applies(finding, req.body),
				);
				if (exception) excused.push(exception.id);
				else
					errors.push(
						`${finding.instancePath || '/'} ${finding.message ?? finding.keyword} ${JSON.stringify(finding.params)}`,
					);
			}
			return { operationId: operation.operationId, errors, excused };
		},
	};
}

/**
 * Every documented 2xx JSON example of an operation: `{ operationId, status, name, value }`.
 * @param {any} document
 */
function successExamples(document) {
	const out = [];
	for (const [p, item] of Object.entries(document.paths ?? {})) {
		for (const [method, op] of Object.entries(/** @type {Record<string, any>} */ (item))) {
			if (!op || typeof op !== 'object' || !op.responses) continue;
			for (const [status, response] of Object.entries(op.responses)) {
				if (!/^2/.test(String(status))) continue;
				const json = response?.content?.['application/json'];
				if (!json) continue;
				if (json.example !== undefined) {
					out.push({
						operationId: op.operationId,
						method,
						path: p,
						status,
						name: 'example',
						value: json.example,
					});
				}
				for (const [name, ex] of Object.entries(json.examples ?? {})) {
					out.push({
						operationId: op.operationId,
						method,
						path: p,
						status,
						name,
						value: /** @type {any} */ (ex).value,
					});
				}
			}
		}
	}
	return out;
}

module.exports = { loadVendorApi, readDocument, successExamples, EXCEPTIONS, DOCUMENT_REPAIRS };
