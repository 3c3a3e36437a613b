/**
 * Finding the waiting execution registered for a request (./registration) through this n8n's
 * public API (docs/relay.md):
 * - `GET /api/v1/executions?status=waiting` lists the waiting executions (ids and `waitTill`,
 *   cheap: no execution data);
 * - `GET /api/v1/executions/{id}?includeData=true` gives one execution's custom data (n8n returns
 *   custom data only with includeData), read once per park of an execution; when many are new,
 *   one listing of the waiting executions with data instead.
 *
 * Process memory is only a cache of what the API said: every miss asks the API again, so several
 * webhook processes (queue mode) each find what the others registered. Concurrent misses share
 * one listing.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { N8nApi } from '../n8nApi';
import { n8nApiRequest } from '../n8nApi';

export type { N8nApi } from '../n8nApi';

import type { Registration } from './registration';
import { readRegistration } from './registration';

export interface WaitingExecution {
	executionId: string;
	registration: Registration;
}

interface Known {
	waitTill: string | null;
	registration?: Registration;
	/** when this park was first seen (ms) */
	seenAt: number;
}

interface ApiCache {
	executions: Map<string, Known>;
	refreshing?: { startedAt: number; done: Promise<void> };
}

const PAGE_SIZE = 250;
const MAX_PAGES = 40;
const PARALLEL_READS = 4;
// n8n stores a parked execution's status and its custom data in two steps: one seen waiting
// without a registration is read again for a while
const UNREGISTERED_REREAD_MS = 20_000;
const caches = new Map<string, ApiCache>();

function cacheOf(api: N8nApi): ApiCache {
	let cache = caches.get(api.baseUrl);
	if (!cache) {
		cache = { executions: new Map() };
		caches.set(api.baseUrl, cache);
	}
	return cache;
}

/** One GET of the public API (undefined for 404); the errors are the relay's own (./deliver). */
export async function apiGet(
	this: IWebhookFunctions,
	api: N8nApi,
	path: string,
	qs: IDataObject,
): Promise<IDataObject | undefined> {
	const body = await n8nApiRequest.call(this, api, { method: 'GET', path, qs });
	return body === undefined ? undefined : ((body ?? {}) as IDataObject);
}

/** Ids and waitTill of every waiting execution the API key may see. */
async function listWaiting(this: IWebhookFunctions, api: N8nApi) {
	const found = new Map<string, string | null>();
	let cursor: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const qs: IDataObject = { status: 'waiting', limit: PAGE_SIZE };
		if (cursor) qs.cursor = cursor;
		const body = (await apiGet.call(this, api, '/executions', qs)) ?? {};
		for (const entry of (body.data as IDataObject[] | undefined) ?? []) {
			found.set(String(entry.id), typeof entry.waitTill === 'string' ? entry.waitTill : null);
		}
		cursor = typeof body.nextCursor === 'string' && body.nextCursor ? body.nextCursor : undefined;
		if (!cursor) break;
	}
	return found;
}

/** The status of one execution ('waiting', 'running', 'success', …), or 'gone'. */
export async function executionStatus(
	this: IWebhookFunctions,
	api: N8nApi,
	executionId: string,
): Promise<string> {
	const body = await apiGet.call(this, api, `/executions/${encodeURIComponent(executionId)}`, {});
	if (!body) return 'gone';
	return typeof body.status === 'string' ? body.status : 'unknown';
}

/** Whether any execution is running (one that may be about to park). */
export async function anyRunning(this: IWebhookFunctions, api: N8nApi): Promise<boolean> {
	const body = await apiGet.call(this, api, '/executions', { status: 'running', limit: 1 });
	return Array.isArray(body?.data) && body.data.length > 0;
}

async function readKnown(
	this: IWebhookFunctions,
	api: N8nApi,
	executionId: string,
	waitTill: string | null,
): Promise<Known> {
	const path = `/executions/${encodeURIComponent(executionId)}`;
	const body = await apiGet.call(this, api, path, { includeData: true });
	return { waitTill, registration: readRegistration(body?.customData), seenAt: Date.now() };
}

function seenAt(cache: ApiCache, id: string, waitTill: string | null): number {
	const known = cache.executions.get(id);
	return known && known.waitTill === waitTill ? known.seenAt : Date.now();
}

/** Whether a waiting execution must be read (again). */
function mustRead(cache: ApiCache, id: string, waitTill: string | null): boolean {
	const known = cache.executions.get(id);
	if (!known || known.waitTill !== waitTill) return true;
	return !known.registration && Date.now() - known.seenAt < UNREGISTERED_REREAD_MS;
}

/** Many new waiting executions: their custom data from listings with data (100 per page). */
async function readAllWaiting(this: IWebhookFunctions, api: N8nApi, cache: ApiCache) {
	let cursor: string | undefined;
	for (let page = 0; page < MAX_PAGES * 3; page++) {
		const qs: IDataObject = { status: 'waiting', includeData: true, limit: 100 };
		if (cursor) qs.cursor = cursor;
		const body = (await apiGet.call(this, api, '/executions', qs)) ?? {};
		for (const entry of (body.data as IDataObject[] | undefined) ?? []) {
			const waitTill = typeof entry.waitTill === 'string' ? entry.waitTill : null;
			const registration = readRegistration(entry.customData);
			const id = String(entry.id);
			cache.executions.set(id, { waitTill, registration, seenAt: seenAt(cache, id, waitTill) });
		}
		cursor = typeof body.nextCursor === 'string' && body.nextCursor ? body.nextCursor : undefined;
		if (!cursor) break;
	}
}

async function refresh(this: IWebhookFunctions, api: N8nApi, cache: ApiCache): Promise<void> {
	const waiting = await listWaiting.call(this, api);
	for (const id of [...cache.executions.keys()]) {
		if (!waiting.has(id)) cache.executions.delete(id);
	}
	const toRead = [...waiting].filter(([id, till]) => mustRead(cache, id, till));
	// one listing with data costs n8n less than many single reads
	if (toRead.length > PARALLEL_READS) return await readAllWaiting.call(this, api, cache);
	for (let start = 0; start < toRead.length; start += PARALLEL_READS) {
		const batch = toRead.slice(start, start + PARALLEL_READS);
		const read = await Promise.all(
			batch.map(async ([id, till]) => {
				try {
					return await readKnown.call(this, api, id, till);
				} catch {
					return undefined; // e.g. resumed and deleted meanwhile: read again next time
				}
			}),
		);
		batch.forEach(([id], index) => {
			const known = read[index];
			if (known) cache.executions.set(id, { ...known, seenAt: seenAt(cache, id, known.waitTill) });
		});
	}
}

function matchesPark(known: Known): boolean {
	if (!known.registration || !known.waitTill) return false;
	return Math.abs(Date.parse(known.waitTill) - known.registration.until) < 1000;
}

function findCached(cache: ApiCache, requestPk: number): WaitingExecution | undefined {
	for (const [executionId, known] of cache.executions) {
		if (matchesPark(known) && known.registration!.requestPks.includes(requestPk)) {
			return { executionId, registration: known.registration! };
		}
	}
	return undefined;
}

/**
 * The waiting execution registered for `requestPk`: from the cache, else from a listing that
 * started after `since` (a listing already under way is shared when it started late enough).
 */
export async function findWaiting(
	this: IWebhookFunctions,
	api: N8nApi,
	requestPk: number,
	since: number,
): Promise<WaitingExecution | undefined> {
	const cache = cacheOf(api);
	const cached = findCached(cache, requestPk);
	if (cached) return cached;
	for (;;) {
		const current = cache.refreshing;
		if (current && current.startedAt >= since) {
			await current.done;
			break;
		}
		if (current) {
			await current.done.catch(() => undefined);
			continue;
		}
		const done = refresh.call(this, api, cache).finally(() => {
			if (cache.refreshing?.done === done) cache.refreshing = undefined;
		});
		cache.refreshing = { startedAt: Date.now(), done };
		await done;
		break;
	}
	return findCached(cache, requestPk);
}

/** Forgets an execution (it was resumed, or it is gone). */
export function forgetExecution(api: N8nApi, executionId: string) {
	cacheOf(api).executions.delete(executionId);
}
