// @ts-check
/**
 * An in-memory stand-in, over real HTTP on loopback, for the Data Tables part of n8n 2.41's public
 * API (`/api/v1/data-tables…`), so that tests can point the "Uanataca One-Shot N8n API" credential
 * (baseUrl without /api/v1, `X-N8N-API-KEY`) at it. Mirrored from n8n 2.41.1's own code and spec:
 *   - spec: n8n/dist/public-api/v1/openapi.yml (paths /data-tables…, schemas createDataTableRequest,
 *     dataTable, insertRowsRequest, updateRowsRequest, upsertRowRequest, parameters limit/cursor,
 *     dataTableId `format: nanoid`), checked by express-openapi-validator: unknown path → 404
 *     `not found`, other method → 405, then the API key (missing → 401 `'X-N8N-API-KEY' header
 *     required`, wrong → 401 `unauthorized`), then query/params/body (400 `request/body must …`,
 *     unknown or empty query parameter, 415 without a JSON body); n8n/dist/public-api/index.js
 *     (body not JSON → 400 `Invalid JSON in request body`, before anything else) and
 *     n8n/dist/errors/http-error-serializers.js (every error body is `{ message }`);
 *   - handlers: n8n/dist/public-api/v1/handlers/data-tables/data-tables.handler.js and
 *     data-tables.rows.handler.js (query/body DTOs of @n8n/api-types 1.41: the zod messages;
 *     DataTableNotFoundError → 404, DataTableValidationError → 400, name conflict → 409);
 *     n8n/dist/public-api/v1/shared/middlewares/global.middleware.js and services/pagination.service.js
 *     (API key scopes → 403 `Forbidden`, cursor = base64 `{limit, offset}`, nextCursor);
 *   - service/repositories: n8n/dist/modules/data-table/data-table.service.js,
 *     data-table.repository.js, data-table-rows.repository.js, utils/sql-utils.js, errors/*.js:
 *     the list `filter.name` is a case-insensitive "contains" (LIKE '%name%', `%`/`_` act as
 *     wildcards), not an exact match; creating an existing name → 409; column names
 *     /^[a-zA-Z][a-zA-Z0-9_]*$/ (≤ 63), id/createdAt/updatedAt/dryRunState reserved; unknown column
 *     in data or filter → 400 `Validation error with data table request: unknown column name 'x'`;
 *     cells parsed with n8n-workflow's validateFieldType (non strict: '3' → 3, '' → 0, 'true' → true);
 *     rows carry id (auto-increment, never reused), createdAt, updatedAt; insert answers
 *     `{success, insertedRows}` (count), `[{id}]` (id) or the rows (all), not what the spec says;
 *     update/delete answer `true` whatever matched, or the rows when returnData (`[]` if none);
 *     upsert updates every matching row, else inserts `data` alone (answer: true or an array).
 * A request is handled in one synchronous step once its body is read (filter evaluated and rows
 * changed together), as a database transaction would: of two concurrent compare-and-set updates
 * only one matches.
 * Knowingly different: one owner API key with all scopes (or `scopes` to restrict them; no
 * per-project roles: an unknown table is 404 `Could not find the data table: '<id>'`, what the owner
 * gets); one project; sizeBytes is always 0 and there is no size quota; values are kept like n8n's
 * default SQLite (numbers/booleans written to string columns become '3'/'1', NULLs sort first, the
 * `search` text of numbers is '3.0'), except that date columns are compared as instants and always
 * returned as ISO strings; a sortBy on an unknown column answers 500 as n8n does (SQL error); CSV
 * import (fileId) and the /columns routes answer 501; no payload size limit; dry runs return the
 * before/after pairs with ISO dates.
 *
 * JavaScript on purpose: it needs node:http and timers, which n8n's lint forbids in TS.
 */
'use strict';

const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { validateFieldType, jsonParse } = require('n8n-workflow');

const API_PREFIX = '/api/v1';
const AVOIDED_PORT = 5679;
const MAX_ITEMS_PER_PAGE = 250;
const COLUMN_REGEX = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const COLUMN_MAX_LENGTH = 63;
const COLUMN_ERROR_MESSAGE =
	'Only alphabetical characters and non-leading numbers and underscores are allowed for column names, and the maximum length is 63 characters.';
/** @type {Record<string, string>} */
const SYSTEM_COLUMN_TYPES = { id: 'number', createdAt: 'date', updatedAt: 'date' };
const TESTING_COLUMN = 'dryRunState';
/** @type {Record<string, string>} */
const FIELD_TYPE = { number: 'number', string: 'string', boolean: 'boolean', date: 'dateTime' };
const COLUMN_TYPES = ['string', 'number', 'boolean', 'date'];
const BODY_CONDITIONS = ['eq', 'neq', 'like', 'ilike', 'gt', 'gte', 'lt', 'lte'];
const QUERY_CONDITIONS = [...BODY_CONDITIONS, 'isEmpty', 'isNotEmpty'];
const TABLE_SORTS = [
	'name:asc',
	'name:desc',
	'createdAt:asc',
	'createdAt:desc',
	'updatedAt:asc',
	'updatedAt:desc',
	'size:asc',
	'size:desc',
];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** An answer of the API: status and JSON body (undefined: no body). */
class ApiError extends Error {
	/** @param {number} status @param {string} message */
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}
/** @param {string} message */
const badRequest = (message) => new ApiError(400, message);
/** DataTableValidationError, as the handlers turn it into a 400. @param {string} message */
const invalid = (message) => badRequest(`Validation error with data table request: ${message}`);
/** @param {string} id */
const tableNotFound = (id) => new ApiError(404, `Could not find the data table: '${id}'`);
const internalError = () => new ApiError(500, 'Internal server error');

/** n8n's generateNanoId: 16 alphanumeric characters. */
function nanoId() {
	let id = '';
	for (const byte of randomBytes(16)) id += ALPHABET[byte % ALPHABET.length];
	return id;
}

const now = () => new Date().toISOString();
/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------------------------------------
// Request validation as express-openapi-validator does it with the spec (first error only).

/**
 * @typedef {{ type?: string, enum?: unknown[], required?: string[], properties?: Record<string, Schema>,
 *   items?: Schema, minItems?: number, minLength?: number, maxLength?: number, default?: unknown }} Schema
 */

/** @type {Schema} */
const FILTER_BODY = {
	type: 'object',
	required: ['filters'],
	properties: {
		type: { type: 'string', enum: ['and', 'or'], default: 'and' },
		filters: {
			type: 'array',
			minItems: 1,
			items: {
				type: 'object',
				required: ['columnName', 'condition', 'value'],
				properties: {
					columnName: { type: 'string' },
					condition: { type: 'string', enum: BODY_CONDITIONS },
					value: {},
				},
			},
		},
	},
};
/** @type {Record<string, Schema>} */
const BODIES = {
	createDataTable: {
		type: 'object',
		required: ['name', 'columns'],
		properties: {
			name: { type: 'string', minLength: 1, maxLength: 128 },
			columns: {
				type: 'array',
				items: {
					type: 'object',
					required: ['name', 'type'],
					properties: {
						name: { type: 'string', minLength: 1 },
						type: { type: 'string', enum: [...COLUMN_TYPES, 'json'] },
					},
				},
			},
			projectId: { type: 'string' },
		},
	},
	updateDataTable: {
		type: 'object',
		required: ['name'],
		properties: { name: { type: 'string', minLength: 1, maxLength: 128 } },
	},
	insertRows: {
		type: 'object',
		required: ['data'],
		properties: {
			data: { type: 'array', minItems: 1, items: { type: 'object' } },
			returnType: { type: 'string', enum: ['count', 'id', 'all'], default: 'count' },
		},
	},
	updateRows: {
		type: 'object',
		required: ['filter', 'data'],
		properties: {
			filter: FILTER_BODY,
			data: { type: 'object' },
			returnData: { type: 'boolean', default: false },
			dryRun: { type: 'boolean', default: false },
		},
	},
};

/**
 * ajv (useDefaults, no coercion): the first error as `errorsText` writes it, or undefined.
 * @param {Schema} schema @param {any} value @param {string} path @returns {string | undefined}
 */
function checkSchema(schema, value, path) {
	if (schema.type) {
		const ok = {
			object: isObject(value),
			array: Array.isArray(value),
			string: typeof value === 'string',
			boolean: typeof value === 'boolean',
			number: typeof value === 'number',
		}[schema.type];
		if (!ok) return `${path} must be ${schema.type}`;
	}
	if (schema.type === 'string') {
		const length = [...value].length;
		if (schema.maxLength !== undefined && length > schema.maxLength)
			return `${path} must NOT have more than ${schema.maxLength} characters`;
		if (schema.minLength !== undefined && length < schema.minLength)
			return `${path} must NOT have fewer than ${schema.minLength} characters`;
	}
	if (schema.enum && !schema.enum.includes(value))
		return `${path} must be equal to one of the allowed values`;
	if (schema.type === 'array') {
		if (schema.minItems !== undefined && value.length < schema.minItems)
			return `${path} must NOT have fewer than ${schema.minItems} items`;
		if (schema.items) {
			for (let i = 0; i < value.length; i++) {
				const error = checkSchema(schema.items, value[i], `${path}/${i}`);
				if (error) return error;
			}
		}
	}
	if (schema.type === 'object') {
		for (const [key, property] of Object.entries(schema.properties ?? {})) {
			if (!(key in value) && 'default' in property) value[key] = property.default;
		}
		for (const key of schema.required ?? []) {
			if (!(key in value)) return `${path} must have required property '${key}'`;
		}
		for (const [key, property] of Object.entries(schema.properties ?? {})) {
			if (!(key in value)) continue;
			const error = checkSchema(property, value[key], `${path}/${key}`);
			if (error) return error;
		}
	}
	return undefined;
}

/** @typedef {{ type: 'number' | 'string' | 'boolean', maximum?: number, required?: boolean, json?: boolean, default?: unknown }} QueryParam */
/** @type {Record<string, QueryParam>} */
const LIMIT = { limit: { type: 'number', maximum: MAX_ITEMS_PER_PAGE, default: 100 } };
/** @type {Record<string, QueryParam>} */
const CURSOR = { cursor: { type: 'string' } };

/**
 * Query parameters: unknown or empty → thrown at once (processQueryParam); type errors → returned.
 * @param {Record<string, QueryParam>} params @param {URLSearchParams} search
 * @returns {{ query: Record<string, unknown>, error?: string }}
 */
function checkQuery(params, search) {
	/** @type {Record<string, unknown>} */
	const query = {};
	for (const key of new Set(search.keys())) {
		const values = search.getAll(key);
		query[key] = values.length === 1 ? values[0] : values;
		if (!(key in params)) throw badRequest(`Unknown query parameter '${key}'`);
		if (query[key] === '') throw badRequest(`Empty value found for query parameter '${key}'`);
	}
	for (const [name, param] of Object.entries(params)) {
		if (!(name in query)) {
			if (param.required)
				return { query, error: `request/query must have required property '${name}'` };
			if ('default' in param) query[name] = param.default;
			continue;
		}
		const raw = query[name];
		const path = `request/query/${name}`;
		if (typeof raw !== 'string') return { query, error: `${path} must be ${param.type}` };
		if (param.type === 'number') {
			const number = Number(raw);
			if (raw.trim() === '' || Number.isNaN(number))
				return { query, error: `${path} must be number` };
			if (param.maximum !== undefined && number > param.maximum)
				return { query, error: `${path} must be <= ${param.maximum}` };
			query[name] = number;
		} else if (param.type === 'boolean') {
			if (raw !== 'true' && raw !== 'false') return { query, error: `${path} must be boolean` };
			query[name] = raw === 'true';
		} else if (param.json) {
			try {
				JSON.parse(raw);
			} catch {
				return { query, error: `${path} must match format "jsonString"` };
			}
		}
	}
	return { query };
}

/** Path parameters are `format: nanoid`. @param {Record<string, string>} params */
function checkParams(params) {
	for (const [name, value] of Object.entries(params)) {
		if (!/^[A-Za-z0-9]{16}$/.test(value))
			return `request/params/${name} must match format "nanoid"`;
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// The zod DTOs of @n8n/api-types (first issue's message).

/** @param {unknown} value */
function zodType(value) {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

/** dataTableNameSchema: trim, 1..128. @param {string} raw */
function tableName(raw) {
	const name = raw.trim();
	if (name.length < 1) throw badRequest('String must contain at least 1 character(s)');
	if (name.length > 128) throw badRequest('String must contain at most 128 character(s)');
	return name;
}

/** dataTableColumnNameSchema: trim, 1..63, regex. @param {string} raw @returns {{ name: string, issue?: string }} */
function columnName(raw) {
	const name = raw.trim();
	if (name.length < 1) return { name, issue: 'String must contain at least 1 character(s)' };
	if (name.length > COLUMN_MAX_LENGTH)
		return { name, issue: `String must contain at most ${COLUMN_MAX_LENGTH} character(s)` };
	if (!COLUMN_REGEX.test(name)) return { name, issue: COLUMN_ERROR_MESSAGE };
	return { name };
}

/** dataTableColumnValueSchema / filter value: string | number | boolean | null. @param {unknown} value */
const isCellValue = (value) =>
	value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** z.record(dataTableColumnNameSchema, dataTableColumnValueSchema). @param {Record<string, unknown>} record */
function parseRecord(record) {
	/** @type {Record<string, unknown>} */
	const out = {};
	for (const [key, value] of Object.entries(record)) {
		const { name, issue } = columnName(key);
		if (issue) throw badRequest(issue);
		if (!isCellValue(value)) throw badRequest('Invalid input');
		out[name] = value;
	}
	return out;
}

/**
 * dataTableFilterSchema; throws a plain Error (the caller decides the message).
 * @param {unknown} raw @param {string[]} conditions
 * @returns {{ type: 'and' | 'or', filters: Array<{ columnName: string, condition: string, value: any }> }}
 */
function parseFilter(raw, conditions) {
	if (!isObject(raw)) throw new Error('Expected object');
	const type = raw.type ?? 'and';
	if (type !== 'and' && type !== 'or') throw new Error('Invalid input');
	const filters = raw.filters ?? [];
	if (!Array.isArray(filters)) throw new Error('Expected array');
	return {
		type,
		filters: filters.map((filter) => {
			if (!isObject(filter)) throw new Error('Expected object');
			if (typeof filter.columnName !== 'string') throw new Error('Expected string');
			const { name, issue } = columnName(filter.columnName);
			if (issue) throw new Error(issue);
			const condition = filter.condition ?? 'eq';
			if (!conditions.includes(condition)) throw new Error('Invalid input');
			if (!('value' in filter) || !isCellValue(filter.value)) throw new Error('Invalid input');
			return { columnName: name, condition, value: filter.value };
		}),
	};
}

/** A filter given as a JSON query string (rows list, delete). @param {string} raw */
function parseQueryFilter(raw) {
	let parsed;
	try {
		parsed = jsonParse(raw);
	} catch {
		throw badRequest('Invalid filter format');
	}
	try {
		return parseFilter(parsed, QUERY_CONDITIONS);
	} catch {
		throw badRequest('Invalid filter fields');
	}
}

/** publicApiPaginationSchema. @param {Record<string, unknown>} query */
function pagination(query) {
	const limitText = query.limit === undefined ? '' : String(query.limit);
	const limit = limitText ? parseInt(limitText, 10) : 100;
	if (Number.isNaN(limit)) throw badRequest('Param `limit` must be a valid integer');
	if (limit < 0) throw badRequest('Param `limit` must be a non-negative integer');
	const offsetText = query.offset === undefined ? '' : String(query.offset);
	const offset = offsetText ? parseInt(offsetText, 10) : 0;
	if (Number.isNaN(offset)) throw badRequest('Param `offset` must be a valid integer');
	if (offset < 0) throw badRequest('Param `offset` must be a non-negative integer');
	return { limit: Math.min(limit, MAX_ITEMS_PER_PAGE), offset };
}

/** validCursor: a base64 `{limit, offset}` replaces limit and offset. @param {Record<string, unknown>} query */
function applyCursor(query) {
	if (!query.cursor) return;
	try {
		const data = jsonParse(Buffer.from(String(query.cursor), 'base64').toString());
		if ('offset' in /** @type {object} */ (data)) {
			query.offset = data.offset;
			query.limit = data.limit;
		}
	} catch {
		throw badRequest('An invalid cursor was provided');
	}
}

/** encodeNextCursor (offset pagination). @param {number} offset @param {number} limit @param {number} count */
function nextCursor(offset, limit, count) {
	if (count <= offset + limit) return null;
	return Buffer.from(JSON.stringify({ limit, offset: offset + limit })).toString('base64');
}

/** TypeORM's take(0) takes everything. @template T @param {T[]} items @param {number} offset @param {number} limit */
const page = (items, offset, limit) => items.slice(offset, limit ? offset + limit : undefined);

// ---------------------------------------------------------------------------------------------
// Cells, rows and filters (DataTableService + DataTableRowsRepository).

/**
 * @typedef {{ id: string, name: string, type: string, index: number, createdAt: string, updatedAt: string }} Column
 * @typedef {{ id: string, name: string, projectId: string, createdAt: string, updatedAt: string,
 *   columns: Column[], rows: Array<Record<string, any>>, nextRowId: number }} Table
 */

/** @param {Column[]} columns @param {boolean} withSystem */
function typeMap(columns, withSystem) {
	/** @type {Map<string, string>} */
	const types = new Map(withSystem ? Object.entries(SYSTEM_COLUMN_TYPES) : []);
	for (const column of columns) types.set(column.name, column.type);
	return types;
}

/** validateAndTransformCell. @param {unknown} cell @param {string} key @param {Map<string, string>} types */
function transformCell(cell, key, types) {
	if (cell === null) return null;
	const columnType = /** @type {string} */ (types.get(key));
	const result = validateFieldType(
		key,
		/** @type {any} */ (cell),
		/** @type {any} */ (FIELD_TYPE[columnType]),
		{
			strict: false,
			parseStrings: false,
		},
	);
	if (!result.valid) {
		throw invalid(
			`value '${String(cell)}' does not match column type '${columnType}': ${result.errorMessage}`,
		);
	}
	if (columnType === 'date') {
		const iso = /** @type {any} */ (result.newValue)?.toUTC?.().toISO?.();
		if (typeof iso !== 'string')
			throw invalid(`value '${String(cell)}' does not match column type 'date'`);
		return iso;
	}
	return result.newValue;
}

/** validateAndTransformRows. @param {Array<Record<string, unknown>>} rows @param {Column[]} columns @param {boolean} withSystem */
function transformRows(rows, columns, withSystem) {
	const types = typeMap(columns, withSystem);
	return rows.map((row) => {
		/** @type {Record<string, unknown>} */
		const out = {};
		for (const key of Object.keys(row)) {
			if (!types.has(key)) throw invalid(`unknown column name '${key}'`);
			out[key] = transformCell(row[key], key, types);
		}
		return out;
	});
}

/** What the column keeps (SQLite affinity), from a transformed value. @param {unknown} value @param {string} type */
function stored(value, type) {
	if (value === null || value === undefined) return null;
	if (type === 'string') {
		if (typeof value === 'boolean') return value ? '1' : '0';
		return String(value);
	}
	if (type === 'date') return new Date(/** @type {string} */ (value)).toISOString();
	return value;
}

/** A row as n8n answers it (normalizeRows): user columns, then id, createdAt, updatedAt. @param {Record<string, any>} row @param {Column[]} columns */
function rowView(row, columns) {
	/** @type {Record<string, unknown>} */
	const view = {};
	for (const column of columns) view[column.name] = row[column.name];
	view.id = row.id;
	view.createdAt = row.createdAt;
	view.updatedAt = row.updatedAt;
	return view;
}

/** @param {any} a @param {any} b @param {string | undefined} type */
function compare(a, b, type) {
	if (type === 'date') return Date.parse(a) - Date.parse(b);
	if (type === 'number' || type === 'boolean') return Number(a) - Number(b);
	return a < b ? -1 : a > b ? 1 : 0;
}

/** LIKE with only `%` as wildcard (n8n escapes `_`; SQLite GLOB is case-sensitive). @param {string} pattern @param {boolean} caseless */
function likeRegExp(pattern, caseless) {
	const source = pattern
		.split('%')
		.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('.*');
	return new RegExp(`^${source}$`, caseless ? 'is' : 's');
}

/**
 * validateAndTransformFilters, then the predicate the SQL WHERE would be.
 * @param {{ type: string, filters: Array<{ columnName: string, condition: string, value: any }> }} filter
 * @param {Column[]} columns @returns {(row: Record<string, any>) => boolean}
 */
function compileFilter(filter, columns) {
	const transformed = transformRows(
		filter.filters.map((f) => ({ [f.columnName]: f.value })),
		columns,
		true,
	);
	const types = typeMap(columns, true);
	const tests = filter.filters.map((f, index) => {
		const type = types.get(f.columnName);
		let condition = f.condition;
		let value = transformed[index][f.columnName];
		if (type !== 'string' && (condition === 'isEmpty' || condition === 'isNotEmpty')) {
			value = null;
			condition = condition === 'isEmpty' ? 'eq' : 'neq';
		}
		const upper = condition.toUpperCase();
		if (condition === 'like' || condition === 'ilike') {
			if (value === null || value === undefined)
				throw invalid(`${upper} filter value cannot be null or undefined`);
			if (typeof value !== 'string') throw invalid(`${upper} filter value must be a string`);
			if (!value.includes('%')) value = `%${value}%`;
		}
		if (['gt', 'gte', 'lt', 'lte'].includes(condition) && (value === null || value === undefined))
			throw invalid(`${upper} filter value cannot be null or undefined`);
		const column = f.columnName;
		if (condition === 'isEmpty')
			return (/** @type {any} */ row) => row[column] === null || row[column] === '';
		if (condition === 'isNotEmpty')
			return (/** @type {any} */ row) => row[column] !== null && row[column] !== '';
		if (value === null && condition === 'eq')
			return (/** @type {any} */ row) => row[column] === null;
		if (value === null && condition === 'neq')
			return (/** @type {any} */ row) => row[column] !== null;
		if (condition === 'like' || condition === 'ilike') {
			const regExp = likeRegExp(/** @type {string} */ (value), condition === 'ilike');
			return (/** @type {any} */ row) => row[column] !== null && regExp.test(String(row[column]));
		}
		const operand = stored(value, /** @type {string} */ (type));
		/** @type {Record<string, (order: number) => boolean>} */
		const accepts = {
			eq: (o) => o === 0,
			neq: (o) => o !== 0,
			gt: (o) => o > 0,
			gte: (o) => o >= 0,
			lt: (o) => o < 0,
			lte: (o) => o <= 0,
		};
		const accept = accepts[condition];
		if (condition === 'neq')
			return (/** @type {any} */ row) =>
				row[column] === null || accept(compare(row[column], operand, type));
		return (/** @type {any} */ row) =>
			row[column] !== null && accept(compare(row[column], operand, type));
	});
	if (filter.type === 'or' && tests.length > 1) return (row) => tests.some((test) => test(row));
	return (row) => tests.every((test) => test(row));
}

/** CAST(value AS TEXT) in SQLite. @param {unknown} value @param {string} type */
function sqliteText(value, type) {
	if (value === null) return null;
	if (type === 'number') return Number.isInteger(value) ? `${value}.0` : String(value);
	if (type === 'boolean') return value ? '1' : '0';
	if (type === 'date')
		return new Date(/** @type {string} */ (value)).toISOString().replace('T', ' ').replace('Z', '');
	return String(value);
}

/** toDryRunRows. @param {Record<string, unknown> | null} before @param {Record<string, unknown> | null} after */
function dryRunRows(before, after) {
	if (before && after) {
		return [
			{ ...before, dryRunState: 'before' },
			{ ...after, dryRunState: 'after' },
		];
	}
	const template = /** @type {Record<string, unknown>} */ (before ?? after);
	const nullRow = {
		id: null,
		createdAt: null,
		updatedAt: null,
		...Object.fromEntries(Object.keys(template).map((key) => [key, null])),
	};
	return [
		{ ...(before ?? nullRow), dryRunState: 'before' },
		{ ...(after ?? nullRow), dryRunState: 'after' },
	];
}

// ---------------------------------------------------------------------------------------------
// The stand-in.

/**
 * @typedef {{ method: string, path: string, query: Record<string, string>, body: unknown, status: number }} LoggedRequest
 * @typedef {{ status: number, body?: unknown, headers?: Record<string, string> }} Answer
 */

/**
 * Starts the stand-in on 127.0.0.1 (a random port, never 5679).
 * @param {{ apiKey?: string, scopes?: string[] }} [options] scopes: the API key's scopes (default: all)
 */
async function startDataTables({ apiKey = 'test-key', scopes } = {}) {
	const projectId = nanoId();
	/** @type {Table[]} */
	const tables = [];
	/** @type {LoggedRequest[]} */
	const requestLog = [];
	const faults = { failures: 0, failStatus: 503, delayMs: 0, delayAfter: false };
	/** @type {http.Server | undefined} */
	let server;
	let port = 0;
	/** Bumped at each close: requests of a previous life are dropped unanswered, like a restart. */
	let generation = 0;

	/** @param {string} id */
	const findTable = (id) => {
		const table = tables.find((t) => t.id === id);
		if (!table) throw tableNotFound(id);
		return table;
	};
	/** touchUpdatedAt. @param {Table} table */
	const touch = (table) => {
		table.updatedAt = now();
	};
	/** @param {Table} table @param {boolean} withTableId */
	const tableView = (table, withTableId) => ({
		id: table.id,
		name: table.name,
		columns: table.columns.map((c) => ({
			id: c.id,
			name: c.name,
			type: c.type,
			index: c.index,
			...(withTableId ? { dataTableId: table.id } : {}),
			createdAt: c.createdAt,
			updatedAt: c.updatedAt,
		})),
		projectId: table.projectId,
		createdAt: table.createdAt,
		updatedAt: table.updatedAt,
		sizeBytes: 0,
	});
	/** @param {Table} table @param {Array<Record<string, unknown>>} rows transformed rows */
	const insert = (table, rows) => {
		return rows.map((values) => {
			const at = now();
			/** @type {Record<string, any>} */
			const row = { id: table.nextRowId++, createdAt: at, updatedAt: at };
			for (const column of table.columns)
				row[column.name] = stored(values[column.name], column.type);
			table.rows.push(row);
			return row;
		});
	};
	/** @param {Table} table @param {Array<Record<string, any>>} rows @param {Record<string, unknown>} data */
	const update = (table, rows, data) => {
		const at = now();
		const types = typeMap(table.columns, false);
		for (const row of rows) {
			for (const [key, value] of Object.entries(data))
				row[key] = stored(value, /** @type {string} */ (types.get(key)));
			row.updatedAt = at;
		}
	};
	/** dryRunUpdateRows. @param {Table} table @param {Array<Record<string, any>>} rows @param {Record<string, unknown>} data */
	const dryRunUpdate = (table, rows, data) => {
		const types = typeMap(table.columns, false);
		const at = now();
		return rows.flatMap((row) => {
			const before = rowView(row, table.columns);
			/** @type {Record<string, unknown>} */
			const after = { ...before };
			for (const [key, value] of Object.entries(data))
				after[key] = stored(value, /** @type {string} */ (types.get(key)));
			after.updatedAt = at;
			return dryRunRows(before, after);
		});
	};
	/** validateAndTransformUpdateParams. @param {Table} table @param {{ filter: any, data: Record<string, unknown> }} dto */
	const updateParams = (table, dto) => {
		if (table.columns.length === 0)
			throw invalid('No columns found for this data table or data table not found');
		if (!dto.filter?.filters || dto.filter.filters.length === 0)
			throw invalid('Filter must not be empty');
		if (!dto.data || Object.keys(dto.data).length === 0)
			throw invalid('Data columns must not be empty');
		const [data] = transformRows([dto.data], table.columns, false);
		const match = compileFilter(dto.filter, table.columns);
		return { data, match };
	};
	/** UpdateDataTableRowDto / UpsertDataTableRowDto (after the spec's checks). @param {any} body */
	const parseRowChange = (body) => {
		let filter;
		try {
			filter = parseFilter(body.filter, QUERY_CONDITIONS);
		} catch (error) {
			throw badRequest(/** @type {Error} */ (error).message);
		}
		if (filter.filters.length === 0) throw badRequest('filter must not be empty');
		const data = parseRecord(body.data);
		if (Object.keys(data).length === 0) throw badRequest('data must not be empty');
		return { filter, data, returnData: body.returnData === true, dryRun: body.dryRun === true };
	};
	/** The table, the values and the rows an update or upsert matches. @param {any} params @param {any} body */
	const rowChange = (params, body) => {
		const { filter, data: raw, returnData, dryRun } = parseRowChange(body);
		const table = findTable(params.dataTableId);
		const { data, match } = updateParams(table, { filter, data: raw });
		return { table, data, rows: table.rows.filter(match), returnData, dryRun };
	};
	/** n8n's answer to a change: the changed rows when asked for, else true. @param {Table} table @param {any[]} rows @param {boolean} returnData */
	const changed = (table, rows, returnData) => {
		touch(table);
		return {
			status: 200,
			body: returnData ? rows.map((row) => rowView(row, table.columns)) : true,
		};
	};

	/**
	 * The operations of the spec that the stand-in serves.
	 * @type {Array<{ method: string, path: string, scope: string, query?: Record<string, QueryParam>,
	 *   body?: Schema, cursor?: boolean, run: (ctx: { params: Record<string, string>, query: Record<string, any>, body: any }) => Answer }>}
	 */
	const operations = [
		{
			method: 'GET',
			path: '/data-tables',
			scope: 'dataTable:list',
			query: {
				...LIMIT,
				...CURSOR,
				filter: { type: 'string', json: true },
				sortBy: { type: 'string' },
			},
			cursor: true,
			run: ({ query }) => {
				const { limit, offset } = pagination(query);
				/** @type {Record<string, any> | undefined} */
				let filter;
				if (query.filter) {
					try {
						filter = jsonParse(query.filter);
					} catch {
						throw badRequest('Invalid filter format');
					}
					const strings = (/** @type {unknown} */ v) =>
						typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
					const valid =
						isObject(filter) &&
						Object.keys(filter).every((k) => ['id', 'name', 'projectId'].includes(k)) &&
						(filter.id === undefined || strings(filter.id)) &&
						(filter.name === undefined || strings(filter.name)) &&
						(filter.projectId === undefined || typeof filter.projectId === 'string');
					if (!valid) throw badRequest('Invalid filter fields');
				}
				if (query.sortBy !== undefined && !TABLE_SORTS.includes(query.sortBy))
					throw badRequest(`sortBy must be one of: ${TABLE_SORTS.join(', ')}`);
				let found = [...tables];
				for (const key of /** @type {const} */ (['id', 'projectId'])) {
					const wanted = [filter?.[key]].flat().filter((x) => x !== undefined);
					if (wanted.length) found = found.filter((t) => wanted.includes(t[key]));
				}
				if (filter?.name) {
					for (const name of [filter.name].flat()) {
						const regExp = new RegExp(
							`^.*${String(name)
								.split(/([%_])/)
								.map((part) =>
									part === '%'
										? '.*'
										: part === '_'
											? '.'
											: part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
								)
								.join('')}.*$`,
							'is',
						);
						found = found.filter((t) => regExp.test(t.name));
					}
				}
				const [field, direction] = String(query.sortBy ?? 'updatedAt:desc').split(':');
				if (field !== 'size') {
					const key = (/** @type {Table} */ t) =>
						field === 'name'
							? t.name.toLowerCase()
							: t[/** @type {'createdAt' | 'updatedAt'} */ (field)];
					const sign = direction === 'desc' ? -1 : 1;
					found.sort((a, b) => sign * compare(key(a), key(b), 'string'));
				}
				return {
					status: 200,
					body: {
						data: page(found, offset, limit).map((t) => tableView(t, false)),
						nextCursor: nextCursor(offset, limit, found.length),
					},
				};
			},
		},
		{
			method: 'POST',
			path: '/data-tables',
			scope: 'dataTable:create',
			body: BODIES.createDataTable,
			run: ({ body }) => {
				const name = tableName(body.name);
				const columns = body.columns.map((/** @type {any} */ column) => {
					const parsed = columnName(column.name);
					if (parsed.issue) throw badRequest(parsed.issue);
					if (!COLUMN_TYPES.includes(column.type)) {
						throw badRequest(
							`Invalid enum value. Expected ${COLUMN_TYPES.map((t) => `'${t}'`).join(' | ')}, received '${column.type}'`,
						);
					}
					return { name: parsed.name, type: column.type };
				});
				for (const key of ['fileId', 'projectId']) {
					if (body[key] !== undefined && typeof body[key] !== 'string')
						throw badRequest(`Expected string, received ${zodType(body[key])}`);
				}
				if (body.hasHeaders !== undefined && typeof body.hasHeaders !== 'boolean')
					throw badRequest(`Expected boolean, received ${zodType(body.hasHeaders)}`);
				if (body.projectId !== undefined && body.projectId !== projectId)
					throw badRequest(`Project with ID "${body.projectId}" not found`);
				if (body.fileId !== undefined)
					throw new ApiError(501, 'CSV import (fileId) is not part of the data tables stand-in');
				if (tables.some((t) => t.name === name))
					throw new ApiError(409, `Data table with name '${name}' already exists in this project`);
				for (const column of columns) {
					const lower = column.name.toLowerCase();
					if (Object.keys(SYSTEM_COLUMN_TYPES).some((system) => system.toLowerCase() === lower))
						throw badRequest(`Column name "${column.name}" is reserved as a system column name.`);
					if (lower === TESTING_COLUMN.toLowerCase())
						throw badRequest(`Column name "${column.name}" is reserved as a testing column name.`);
				}
				// SQLite's CREATE TABLE refuses the same column twice (names are case-insensitive)
				const lowerNames = columns.map((/** @type {{ name: string }} */ c) => c.name.toLowerCase());
				if (new Set(lowerNames).size !== lowerNames.length) throw internalError();
				const at = now();
				/** @type {Table} */
				const table = {
					id: nanoId(),
					name,
					projectId,
					createdAt: at,
					updatedAt: at,
					columns: columns.map(
						(/** @type {{ name: string, type: string }} */ c, /** @type {number} */ index) => ({
							id: nanoId(),
							name: c.name,
							type: c.type,
							index,
							createdAt: at,
							updatedAt: at,
						}),
					),
					rows: [],
					nextRowId: 1,
				};
				tables.push(table);
				return { status: 201, body: tableView(table, true) };
			},
		},
		{
			method: 'GET',
			path: '/data-tables/{dataTableId}',
			scope: 'dataTable:read',
			run: ({ params }) => ({ status: 200, body: tableView(findTable(params.dataTableId), true) }),
		},
		{
			method: 'PATCH',
			path: '/data-tables/{dataTableId}',
			scope: 'dataTable:update',
			body: BODIES.updateDataTable,
			run: ({ params, body }) => {
				const name = tableName(body.name);
				const table = findTable(params.dataTableId);
				// validateUniqueName counts the table itself: renaming to its own name is a conflict too
				if (tables.some((t) => t.name === name))
					throw new ApiError(409, `Data table with name '${name}' already exists in this project`);
				table.name = name;
				touch(table);
				return { status: 200, body: tableView(table, true) };
			},
		},
		{
			method: 'DELETE',
			path: '/data-tables/{dataTableId}',
			scope: 'dataTable:delete',
			run: ({ params }) => {
				tables.splice(tables.indexOf(findTable(params.dataTableId)), 1);
				return { status: 204 };
			},
		},
		{
			method: 'GET',
			path: '/data-tables/{dataTableId}/rows',
			scope: 'dataTableRow:read',
			query: {
				...LIMIT,
				...CURSOR,
				filter: { type: 'string', json: true },
				sortBy: { type: 'string' },
				search: { type: 'string' },
			},
			cursor: true,
			run: ({ params, query }) => {
				const { limit, offset } = pagination(query);
				const filter = query.filter ? parseQueryFilter(query.filter) : undefined;
				/** @type {[string, string] | undefined} */
				let sortBy;
				if (query.sortBy !== undefined) {
					const text = String(query.sortBy);
					if (!text.includes(':'))
						throw badRequest('Invalid sort format, expected <columnName>:<asc/desc>');
					const [rawColumn, rawDirection] = text.split(':');
					const { name, issue } = columnName(rawColumn);
					if (issue) throw badRequest(issue);
					const direction = rawDirection?.toUpperCase();
					if (direction !== 'ASC' && direction !== 'DESC')
						throw badRequest('Invalid sort direction');
					sortBy = [name, direction];
				}
				const table = findTable(params.dataTableId);
				let rows = table.rows;
				if (filter) rows = rows.filter(compileFilter(filter, table.columns));
				if (
					typeof query.search === 'string' &&
					query.search.trim().length > 0 &&
					table.columns.length
				) {
					const term = query.search.includes('%') ? query.search : `%${query.search}%`;
					const regExp = likeRegExp(term, true);
					rows = rows.filter((row) =>
						table.columns.some((c) => {
							const text = sqliteText(row[c.name], c.type);
							return text !== null && regExp.test(text);
						}),
					);
				}
				const types = typeMap(table.columns, true);
				rows = [...rows];
				if (sortBy) {
					const [column, direction] = sortBy;
					// n8n's ORDER BY an unknown column is an SQL error → 500
					if (!types.has(column)) throw internalError();
					const type = types.get(column);
					const sign = direction === 'DESC' ? -1 : 1;
					rows.sort((a, b) => {
						const x = a[column];
						const y = b[column];
						// SQLite: NULLs first when ascending
						const order = x === null ? (y === null ? 0 : -1) : y === null ? 1 : compare(x, y, type);
						return sign * order || (column === 'id' ? 0 : a.id - b.id);
					});
				}
				return {
					status: 200,
					body: {
						data: page(rows, offset, limit).map((row) => rowView(row, table.columns)),
						nextCursor: nextCursor(offset, limit, rows.length),
					},
				};
			},
		},
		{
			method: 'POST',
			path: '/data-tables/{dataTableId}/rows',
			scope: 'dataTableRow:create',
			body: BODIES.insertRows,
			run: ({ params, body }) => {
				const data = body.data.map((/** @type {Record<string, unknown>} */ row) =>
					parseRecord(row),
				);
				const returnType = body.returnType;
				const table = findTable(params.dataTableId);
				const inserted = insert(table, transformRows(data, table.columns, false));
				touch(table);
				if (returnType === 'count')
					return { status: 200, body: { success: true, insertedRows: inserted.length } };
				if (returnType === 'id')
					return { status: 200, body: inserted.map((row) => ({ id: row.id })) };
				return { status: 200, body: inserted.map((row) => rowView(row, table.columns)) };
			},
		},
		{
			method: 'PATCH',
			path: '/data-tables/{dataTableId}/rows/update',
			scope: 'dataTableRow:update',
			body: BODIES.updateRows,
			run: ({ params, body }) => {
				// one synchronous step: the rows the filter matches are the rows changed
				const { table, data, rows, returnData, dryRun } = rowChange(params, body);
				if (dryRun) return { status: 200, body: dryRunUpdate(table, rows, data) };
				update(table, rows, data);
				return changed(table, rows, returnData);
			},
		},
		{
			method: 'POST',
			path: '/data-tables/{dataTableId}/rows/upsert',
			scope: 'dataTableRow:upsert',
			body: BODIES.updateRows,
			run: ({ params, body }) => {
				const { table, data, rows, returnData, dryRun } = rowChange(params, body);
				if (dryRun) {
					if (rows.length) return { status: 200, body: dryRunUpdate(table, rows, data) };
					const at = now();
					const types = typeMap(table.columns, false);
					/** @type {Record<string, unknown>} */
					const row = { id: 0, createdAt: at, updatedAt: at };
					for (const [key, value] of Object.entries(data))
						row[key] = stored(value, /** @type {string} */ (types.get(key)));
					return { status: 200, body: dryRunRows(null, row) };
				}
				if (rows.length) update(table, rows, data);
				return changed(table, rows.length ? rows : insert(table, [data]), returnData);
			},
		},
		{
			method: 'DELETE',
			path: '/data-tables/{dataTableId}/rows/clear',
			scope: 'dataTableRow:delete',
			run: ({ params }) => {
				const table = findTable(params.dataTableId);
				const deletedCount = table.rows.length;
				table.rows = [];
				touch(table);
				return { status: 200, body: { deletedCount } };
			},
		},
		{
			method: 'DELETE',
			path: '/data-tables/{dataTableId}/rows/delete',
			scope: 'dataTableRow:delete',
			query: {
				filter: { type: 'string', json: true, required: true },
				returnData: { type: 'boolean', default: false },
				dryRun: { type: 'boolean', default: false },
			},
			run: ({ params, query }) => {
				const filter = parseQueryFilter(query.filter);
				if (filter.filters.length === 0)
					throw badRequest('At least one filter condition is required for delete operations');
				const table = findTable(params.dataTableId);
				const match = compileFilter(filter, table.columns);
				const rows = table.rows.filter(match);
				if (query.dryRun) {
					return {
						status: 200,
						body: rows.flatMap((row) => dryRunRows(rowView(row, table.columns), null)),
					};
				}
				table.rows = table.rows.filter((row) => !rows.includes(row));
				touch(table);
				return {
					status: 200,
					body: query.returnData ? rows.map((row) => rowView(row, table.columns)) : true,
				};
			},
		},
		...[
			['GET', '/data-tables/{dataTableId}/columns'],
			['POST', '/data-tables/{dataTableId}/columns'],
			['DELETE', '/data-tables/{dataTableId}/columns/{columnId}'],
			['PATCH', '/data-tables/{dataTableId}/columns/{columnId}'],
		].map(([method, path]) => ({
			method,
			path,
			scope: 'dataTableColumn:any',
			run: () => {
				throw new ApiError(501, 'The /columns routes are not part of the data tables stand-in');
			},
		})),
	];

	/** @param {string} path @returns {{ params: Record<string, string>, candidates: typeof operations } | undefined} */
	const route = (path) => {
		for (const template of new Set(operations.map((o) => o.path))) {
			/** @type {string[]} */
			const names = [];
			const source = template.replace(/\{(\w+)\}/g, (_, name) => {
				names.push(name);
				return '([^/]+)';
			});
			const found = new RegExp(`^${source}$`).exec(path);
			if (!found) continue;
			/** @type {Record<string, string>} */
			const params = {};
			names.forEach((name, i) => {
				params[name] = decodeURIComponent(found[i + 1]);
			});
			return { params, candidates: operations.filter((o) => o.path === template) };
		}
		return undefined;
	};

	/**
	 * One request, answered in one synchronous step (n8n's middleware order).
	 * @param {http.IncomingMessage} req @param {URL} url @param {string} raw
	 * @returns {Answer}
	 */
	const answer = (req, url, raw) => {
		const method = req.method ?? 'GET';
		if (!url.pathname.startsWith(`${API_PREFIX}/`)) {
			return { status: 404, body: `Cannot ${method} ${url.pathname}` };
		}
		// express.json() comes first
		const contentType = String(req.headers['content-type'] ?? '')
			.split(';')[0]
			.trim()
			.toLowerCase();
		/** @type {unknown} */
		let body;
		if (
			contentType === 'application/json' &&
			(raw.length > 0 || req.headers['content-length'] !== undefined)
		) {
			if (raw.length === 0) body = {};
			else {
				const first = raw.trimStart()[0];
				try {
					if (first !== '{' && first !== '[') throw new SyntaxError('strict');
					body = JSON.parse(raw);
				} catch {
					return { status: 400, body: { message: 'Invalid JSON in request body' } };
				}
			}
		}
		// express-openapi-validator: route, method, security, then the request
		const found = route(url.pathname.slice(API_PREFIX.length));
		if (!found) return { status: 404, body: { message: 'not found' } };
		const operation = found.candidates.find((o) => o.method === method);
		if (!operation) {
			return {
				status: 405,
				body: { message: `${method} method not allowed` },
				headers: { allow: found.candidates.map((o) => o.method).join(', ') },
			};
		}
		const key = req.headers['x-n8n-api-key'];
		if (!key) return { status: 401, body: { message: "'X-N8N-API-KEY' header required" } };
		if (key !== apiKey) return { status: 401, body: { message: 'unauthorized' } };
		if (operation.body) {
			if (!contentType) return { status: 415, body: { message: 'media type not specified' } };
			if (contentType !== 'application/json')
				return { status: 415, body: { message: `unsupported media type ${contentType}` } };
		}
		const checked = checkQuery(operation.query ?? {}, url.searchParams);
		const errors = [checked.error ?? checkParams(found.params)];
		if (operation.body) errors.push(checkSchema(operation.body, body, 'request/body'));
		const message = errors.filter(Boolean).join(', ');
		if (message) return { status: 400, body: { message } };
		// the handler's middlewares: API key scope, cursor
		if (scopes && !scopes.includes(operation.scope))
			return { status: 403, body: { message: 'Forbidden' } };
		if (operation.cursor) applyCursor(checked.query);
		return operation.run({ params: found.params, query: checked.query, body });
	};

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	const serve = async (req, res) => {
		const life = generation;
		/** @type {Buffer[]} */
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const raw = Buffer.concat(chunks).toString('utf8');
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		/** @type {unknown} */
		let logged = raw.length ? raw : undefined;
		try {
			if (raw.length) logged = JSON.parse(raw);
		} catch {
			// kept as text
		}
		/** @type {LoggedRequest} */
		const entry = {
			method: req.method ?? '',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			body: logged,
			status: 0,
		};
		requestLog.push(entry);
		/** @type {Answer | undefined} */
		let result;
		if (faults.failures > 0) {
			faults.failures -= 1;
			result = {
				status: faults.failStatus,
				body: { message: http.STATUS_CODES[faults.failStatus] ?? 'Error' },
			};
		}
		if (faults.delayMs > 0 && !faults.delayAfter) await sleep(faults.delayMs);
		// closed or restarted meanwhile: like a stopped n8n, nothing is done and nothing answered
		if (life !== generation) return;
		if (!result) {
			try {
				result = answer(req, url, raw);
			} catch (error) {
				result =
					error instanceof ApiError
						? { status: error.status, body: { message: error.message } }
						: { status: 500, body: { message: 'Internal server error' } };
			}
		}
		entry.status = result.status;
		if (faults.delayMs > 0 && faults.delayAfter) await sleep(faults.delayMs);
		if (life !== generation || res.destroyed) return;
		if (result.body === undefined) {
			res.writeHead(result.status, result.headers ?? {});
			res.end();
		} else if (typeof result.body === 'string') {
			res.writeHead(result.status, {
				'content-type': 'text/html; charset=utf-8',
				...result.headers,
			});
			res.end(result.body);
		} else {
			res.writeHead(result.status, {
				'content-type': 'application/json; charset=utf-8',
				...result.headers,
			});
			res.end(JSON.stringify(result.body));
		}
	};

	/** @param {number} wanted */
	const listen = async (wanted) => {
		for (;;) {
			const next = http.createServer((req, res) => {
				serve(req, res).catch(() => res.destroy());
			});
			await new Promise((resolve, reject) => {
				next.once('error', reject);
				next.listen(wanted, '127.0.0.1', () => resolve(undefined));
			});
			const address = /** @type {import('node:net').AddressInfo} */ (next.address());
			if (address.port !== AVOIDED_PORT) {
				server = next;
				port = address.port;
				return;
			}
			await new Promise((resolve) => next.close(() => resolve(undefined)));
		}
	};
	const stop = async () => {
		generation += 1;
		const current = server;
		server = undefined;
		if (!current) return;
		await new Promise((resolve) => {
			current.close(() => resolve(undefined));
			current.closeAllConnections();
		});
	};

	await listen(0);
	const baseUrl = `http://127.0.0.1:${port}`;
	return {
		/** n8n's URL without /api/v1, as the credential's baseUrl. */
		baseUrl,
		apiKey,
		projectId,
		/** Every request received: method, path, query, body (parsed JSON, else text), status. */
		requestLog,
		/** The tables as they are now (copies): columns and rows as the API answers them. */
		tables: () =>
			tables.map((t) => ({
				id: t.id,
				name: t.name,
				projectId: t.projectId,
				createdAt: t.createdAt,
				updatedAt: t.updatedAt,
				columns: t.columns.map((c) => ({ id: c.id, name: c.name, type: c.type, index: c.index })),
				rows: t.rows.map((row) => rowView(row, t.columns)),
			})),
		/** The next `count` requests answer `status` with `{ message }` and change nothing. */
		failNext: (count = 1, status = 503) => {
			faults.failures = count;
			faults.failStatus = status;
		},
		/**
		 * Waits `ms` before each answer: by default before the request is handled (a slow n8n);
		 * with `{ after: true }` the request is handled at once and only its answer waits.
		 * @param {number} ms @param {{ after?: boolean }} [options]
		 */
		setDelay: (ms, { after = false } = {}) => {
			faults.delayMs = ms;
			faults.delayAfter = after;
		},
		/**
		 * Stops listening (open connections are cut, requests in flight are dropped unanswered) and
		 * listens again on the same port after `downMs` (20 ms at least); tables and rows are kept, like
		 * n8n's database.
		 * @param {number} [downMs]
		 */
		restart: async (downMs = 0) => {
			await stop();
			// a few ms at least, so that clients in this process see their kept-alive sockets closed
			await sleep(Math.max(downMs, 20));
			await listen(port);
		},
		close: stop,
	};
}

module.exports = { startDataTables };
