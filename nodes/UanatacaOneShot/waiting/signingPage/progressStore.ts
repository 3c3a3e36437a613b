/**
 * Each signer's progress (codes sent, wrong codes, read confirmed) kept in an n8n data table, so
 * that it survives what process memory does not: an n8n restart, another webhook process, a
 * replayed page or link (Sign via Signing Page version 3, "Remember Signer Progress In: n8n Data
 * Table"; docs/safety.md). n8n keeps nothing a waiting webhook writes into the execution, so the
 * page uses this n8n's public API (the "Uanataca One-Shot N8n API" credential) instead.
 *
 * One row per page, made when the execution parks; the row's key is the execution id and a hash
 * of the page's token key (never the key). Every code and every attempt is claimed in the row
 * before the Optimizer is asked (a compare-and-set: the row changes only if it still holds what
 * this process read, and then carries this process's claim), so two processes or two replayed
 * pages cannot both spend the same code or attempt. The Optimizer's own limits stay the last word.
 */
import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiCaller, N8nApi } from '../../../shared/n8nApi';
import { N8N_API_CREDENTIAL, n8nApiOf, n8nApiRequest } from '../../../shared/n8nApi';
import { ValidationError } from '../../../shared/validation';
import type { PageContext } from './context';
import type { Progress } from './state';
import { NO_PROGRESS, mergeProgress, randomToken } from './state';

export const DEFAULT_PROGRESS_TABLE = 'Uanataca One-Shot Signing Pages';

const COLUMNS = [
	{ name: 'page', type: 'string' },
	{ name: 'sends', type: 'number' },
	{ name: 'attempts', type: 'number' },
	{ name: 'sentAt', type: 'number' },
	{ name: 'readAt', type: 'number' },
	{ name: 'closesAt', type: 'number' },
	{ name: 'claim', type: 'string' },
] as const;

/** Rows of pages closed this long ago are deleted when a new page parks. */
const KEEP_CLOSED_MS = 7 * 24 * 60 * 60_000;
const MAX_CLAIM_TRIES = 5;

/** Where a page's progress is kept. */
export interface ProgressStore {
	api: N8nApi;
	tableId: string;
	row: string;
}

/** The row of a page: its execution and a hash of its token key. */
export function progressRow(executionId: string, secret: string): string {
	const hash = createHash('sha256').update(`oneshot-page-row.${secret}`).digest('base64url');
	return `${executionId}.${hash.slice(0, 22)}`;
}

function eq(columnName: string, value: string | number) {
	return { columnName, condition: 'eq', value };
}

function missingColumns(table: IDataObject): string[] {
	const have = new Set(
		((table.columns as IDataObject[] | undefined) ?? []).map((column) => String(column.name)),
	);
	return COLUMNS.filter((column) => !have.has(column.name)).map((column) => column.name);
}

async function findTable(this: IExecuteFunctions, api: N8nApi, name: string) {
	const qs = { filter: JSON.stringify({ name }), limit: 100 };
	const found = (await n8nApiRequest.call(this, api, {
		method: 'GET',
		path: '/data-tables',
		qs,
	})) as IDataObject | undefined;
	if (found === undefined) {
		throw new NodeOperationError(this.getNode(), "This n8n's API has no data tables", {
			description:
				'Update n8n to a version whose public API has data tables (n8n 2.41 has; n8n 1.x has none), or set "Remember Signer Progress In" to "Process Memory Only (Not Recommended)".',
		});
	}
	const tables = ((found.data as IDataObject[] | undefined) ?? []).filter((t) => t.name === name);
	return tables[0];
}

/** The id of the data table named `name`, made with the right columns when there is none. */
export async function progressTable(
	this: IExecuteFunctions,
	api: N8nApi,
	name: string,
): Promise<string> {
	let table = await findTable.call(this, api, name);
	if (!table) {
		try {
			const body = { name, columns: COLUMNS.map((column) => ({ ...column })) };
			table = (await n8nApiRequest.call(this, api, {
				method: 'POST',
				path: '/data-tables',
				body,
			})) as IDataObject;
		} catch (error) {
			// another execution made it meanwhile
			table = await findTable.call(this, api, name);
			if (!table) {
				throw new NodeOperationError(this.getNode(), `The data table "${name}" could not be made`, {
					description: error instanceof Error ? error.message : String(error),
				});
			}
		}
	}
	const missing = missingColumns(table);
	if (missing.length) {
		throw new NodeOperationError(
			this.getNode(),
			`The data table "${name}" is not one of this node's`,
			{
				description: `It has no column ${missing.join(', ')}. Enter another name in "Data Table Name" (the node makes the table itself), or delete that table.`,
			},
		);
	}
	return String(table.id);
}

export const PROGRESS_STORE_PARAMETER = 'progressStore';
export const PROGRESS_TABLE_PARAMETER = 'progressTableName';

/**
 * Version 3's "Remember Signer Progress In" at park time: the data table to keep the page's
 * progress in (made when missing), or undefined ("Process Memory Only", versions 1 and 2).
 */
export async function progressTableFor(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<{ api: N8nApi; tableId: string } | undefined> {
	if (this.getNode().typeVersion < 3) return undefined;
	if (this.getNodeParameter(PROGRESS_STORE_PARAMETER, itemIndex, 'dataTable') !== 'dataTable') {
		return undefined;
	}
	const data = await this.getCredentials(N8N_API_CREDENTIAL, itemIndex).catch(() => undefined);
	const api = n8nApiOf(data);
	if (!api) {
		throw new ValidationError(
			'"Remember Signer Progress In: Data Table" needs an n8n API credential',
			'Choose or create a "Uanataca One-Shot N8n API" credential with the URL of this n8n (e.g. http://localhost:5678) and an API key (Settings → n8n API).',
		);
	}
	const name =
		String(this.getNodeParameter(PROGRESS_TABLE_PARAMETER, itemIndex, '') ?? '').trim() ||
		DEFAULT_PROGRESS_TABLE;
	return { api, tableId: await progressTable.call(this, api, name) };
}

/** At park time: a row for each page (progress zero); rows of pages long closed go. */
export async function addProgressRows(
	this: IExecuteFunctions,
	api: N8nApi,
	tableId: string,
	rows: Array<{ row: string; closesAt: number }>,
): Promise<void> {
	const path = `/data-tables/${encodeURIComponent(tableId)}/rows`;
	const data = rows.map(({ row, closesAt }) => ({
		page: row,
		...NO_PROGRESS,
		closesAt,
		claim: '',
	}));
	const added = await n8nApiRequest.call(this, api, {
		method: 'POST',
		path,
		body: { data, returnType: 'count' },
	});
	if (added === undefined) {
		// deleted between the look-up and now: parking would leave a page that can never act
		throw new NodeOperationError(
			this.getNode(),
			'The data table for the signing pages was deleted just now',
			{ description: 'Run the node again: it makes the table anew.' },
		);
	}
	const old = {
		type: 'and',
		filters: [{ columnName: 'closesAt', condition: 'lt', value: Date.now() - KEEP_CLOSED_MS }],
	};
	await n8nApiRequest
		.call(this, api, {
			method: 'DELETE',
			path: `${path}/delete`,
			qs: { filter: JSON.stringify(old) },
		})
		.catch(() => undefined);
}

function progressOf(row: IDataObject): Progress {
	const number = (value: unknown) =>
		typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
	return {
		sends: number(row.sends),
		attempts: number(row.attempts),
		sentAt: number(row.sentAt),
		readAt: number(row.readAt),
	};
}

/** The progress kept for the page; a missing row (deleted by hand) is made again from `known`. */
export async function storedProgress(
	this: ApiCaller,
	store: ProgressStore,
	known: Progress,
): Promise<Progress> {
	const path = `/data-tables/${encodeURIComponent(store.tableId)}/rows`;
	const filter = { type: 'and', filters: [eq('page', store.row)] };
	const found = (await n8nApiRequest.call(this, store.api, {
		method: 'GET',
		path,
		qs: { filter: JSON.stringify(filter), limit: 1 },
	})) as IDataObject | undefined;
	if (found === undefined) throw tableGone(this, store);
	const row = ((found.data as IDataObject[] | undefined) ?? [])[0];
	if (row) return progressOf(row);
	await n8nApiRequest.call(this, store.api, {
		method: 'POST',
		path: `${path}/upsert`,
		body: { filter, data: { page: store.row, ...known, claim: '' } },
	});
	return known;
}

function tableGone(caller: ApiCaller, store: ProgressStore) {
	return new NodeOperationError(
		caller.getNode(),
		`The data table that keeps the signers' progress (id ${store.tableId}) is gone`,
	);
}

/**
 * Moves the kept progress from `from` to `to` if nobody changed it meanwhile: true when this
 * claim is the one kept, false when another process or page got there first (read it again).
 */
async function claim(
	this: ApiCaller,
	store: ProgressStore,
	from: Progress,
	to: Progress,
): Promise<boolean> {
	const nonce = randomToken(12);
	const updated = await n8nApiRequest.call(this, store.api, {
		method: 'PATCH',
		path: `/data-tables/${encodeURIComponent(store.tableId)}/rows/update`,
		body: {
			filter: {
				type: 'and',
				filters: [
					eq('page', store.row),
					eq('sends', from.sends),
					eq('attempts', from.attempts),
					eq('sentAt', from.sentAt),
					eq('readAt', from.readAt),
				],
			},
			data: { ...to, claim: nonce },
			returnData: true,
		},
	});
	if (updated === undefined) throw tableGone(this, store);
	return Array.isArray(updated) && updated.some((row: IDataObject) => row?.claim === nonce);
}

/**
 * Applies `change` to the kept progress (read again while another claim got there first) and
 * returns the progress kept, or undefined when `change` declines (returns undefined) for what it
 * reads: e.g. no code left.
 */
export async function changeProgress(
	this: ApiCaller,
	store: ProgressStore,
	known: Progress,
	change: (current: Progress) => Progress | undefined,
	/** the row as just read, if it was (saves reading it again; a stale one only costs a retry) */
	read?: Progress,
): Promise<{ before: Progress; after?: Progress }> {
	let current = read ?? (await storedProgress.call(this, store, known));
	for (let tries = 0; tries < MAX_CLAIM_TRIES; tries++) {
		const next = change(current);
		if (!next) return { before: current };
		if (await claim.call(this, store, current, next)) return { before: current, after: next };
		current = await storedProgress.call(this, store, known);
	}
	throw new NodeOperationError(
		this.getNode(),
		"The signer's progress changed too often to be kept; the page asked to try again",
	);
}

// --- the page's side ------------------------------------------------------------------------------

/**
 * Brings the page's progress (ctx.memory) up to what its data table keeps, when its execution
 * keeps one; the store then stays in ctx.store for the page's claims. Errors are thrown: a page
 * that cannot read its progress does not act (the signer sees "try again in a moment").
 */
export async function syncProgress(this: IWebhookFunctions, ctx: PageContext): Promise<void> {
	if (!ctx.storeTable) return;
	if (!ctx.store) {
		const data = await this.getCredentials(N8N_API_CREDENTIAL).catch(() => undefined);
		const api = n8nApiOf(data);
		if (!api) {
			throw new NodeOperationError(
				this.getNode(),
				'The signing page cannot read its progress: its n8n API credential is missing or incomplete',
			);
		}
		ctx.store = { api, tableId: ctx.storeTable, row: progressRow(ctx.executionId, ctx.secret) };
	}
	ctx.kept = await storedProgress.call(this, ctx.store, ctx.memory.progress);
	ctx.memory.progress = mergeProgress(ctx.memory.progress, ctx.kept);
}
