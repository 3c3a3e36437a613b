/**
 * The stand-in of n8n 2.41's Data Tables public API (test/support/n8n-data-tables.js) answers like
 * n8n on what the node relies on: the API key, a table created once (same name → 409, the list's
 * name filter is a "contains"), rows inserted and read back with a filter, a compare-and-set update
 * that only one of two concurrent callers wins, upsert, delete by filter, an unknown table, and
 * n8n failing or restarting.
 */
import { startDataTables } from '../support/n8n-data-tables';

type Api = Awaited<ReturnType<typeof startDataTables>>;
type Filter = { columnName: string; condition: string; value: unknown };
type Row = Record<string, unknown> & { id: number };
type TableList = { data: Array<{ name: string }>; nextCursor: string | null };

let api: Api;

beforeEach(async () => {
	api = await startDataTables({ apiKey: 'test-key' });
});

afterEach(async () => {
	await api.close();
});

async function call(
	method: string,
	path: string,
	body?: unknown,
	apiKey: string | null = 'test-key',
): Promise<{ status: number; body: unknown }> {
	const headers: Record<string, string> = {};
	if (apiKey !== null) headers['x-n8n-api-key'] = apiKey;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${api.baseUrl}/api/v1${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const where = (...filters: Filter[]) =>
	encodeURIComponent(JSON.stringify({ type: 'and', filters }));

async function createTable(name = 'signature_requests') {
	const created = await call('POST', '/data-tables', {
		name,
		columns: [
			{ name: 'requestPk', type: 'number' },
			{ name: 'status', type: 'string' },
			{ name: 'sends', type: 'number' },
		],
	});
	expect(created.status).toBe(201);
	return (created.body as { id: string }).id;
}

test('the API key is required, as n8n checks it', async () => {
	expect(await call('GET', '/data-tables', undefined, null)).toEqual({
		status: 401,
		body: { message: "'X-N8N-API-KEY' header required" },
	});
	expect(await call('GET', '/data-tables', undefined, 'wrong-key')).toEqual({
		status: 401,
		body: { message: 'unauthorized' },
	});
	expect(await call('POST', '/data-tables', { name: 't', columns: [] }, 'wrong-key')).toMatchObject(
		{
			status: 401,
		},
	);
	expect(api.tables()).toEqual([]);
	expect(api.apiKey).toBe('test-key');
	expect(api.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	expect(api.baseUrl).not.toMatch(/:5679$/);
});

test('a table is created once: the same name again is 409, and the name filter is a "contains"', async () => {
	const created = await call('POST', '/data-tables', {
		name: 'signature_requests',
		columns: [{ name: 'requestPk', type: 'number' }],
	});
	expect(created.status).toBe(201);
	expect(created.body).toMatchObject({
		id: expect.stringMatching(/^[A-Za-z0-9]{16}$/),
		name: 'signature_requests',
		projectId: expect.stringMatching(/^[A-Za-z0-9]{16}$/),
		columns: [{ name: 'requestPk', type: 'number', index: 0, id: expect.any(String) }],
		createdAt: expect.any(String),
		updatedAt: expect.any(String),
	});
	expect(await call('POST', '/data-tables', { name: 'signature_requests', columns: [] })).toEqual({
		status: 409,
		body: { message: "Data table with name 'signature_requests' already exists in this project" },
	});
	await createTable('signature_requests_archive');
	expect(
		await call('POST', '/data-tables', { name: 'x', columns: [{ name: 'id', type: 'string' }] }),
	).toEqual({
		status: 400,
		body: { message: 'Column name "id" is reserved as a system column name.' },
	});

	const listed = await call(
		'GET',
		`/data-tables?filter=${encodeURIComponent(JSON.stringify({ name: 'SIGNATURE_REQUESTS' }))}`,
	);
	expect(listed.status).toBe(200);
	const list = listed.body as TableList;
	expect(list.nextCursor).toBeNull();
	expect(list.data.map((t) => t.name).sort()).toEqual([
		'signature_requests',
		'signature_requests_archive',
	]);
	expect(api.tables().map((t) => t.name)).toEqual([
		'signature_requests',
		'signature_requests_archive',
	]);
});

test('rows inserted are read back with an eq filter (numbers parsed like n8n)', async () => {
	const id = await createTable();
	expect(
		await call('POST', `/data-tables/${id}/rows`, {
			data: [
				{ requestPk: 4242, status: 'ISSUED', sends: 0 },
				{ requestPk: 4243, status: 'ENROLLREADY', sends: 0 },
			],
		}),
	).toEqual({ status: 200, body: { success: true, insertedRows: 2 } });
	const ids = await call('POST', `/data-tables/${id}/rows`, {
		data: [{ requestPk: '4244' }],
		returnType: 'id',
	});
	expect(ids).toEqual({ status: 200, body: [{ id: 3 }] });

	const read = await call(
		'GET',
		`/data-tables/${id}/rows?filter=${where({ columnName: 'requestPk', condition: 'eq', value: '4242' })}`,
	);
	expect(read.status).toBe(200);
	expect(read.body).toEqual({
		data: [
			{
				id: 1,
				requestPk: 4242,
				status: 'ISSUED',
				sends: 0,
				createdAt: expect.any(String),
				updatedAt: expect.any(String),
			},
		],
		nextCursor: null,
	});
	expect(api.tables()[0].rows.map((r) => r.requestPk)).toEqual([4242, 4243, 4244]);

	expect(await call('POST', `/data-tables/${id}/rows`, { data: [{ unknown: 1 }] })).toEqual({
		status: 400,
		body: { message: "Validation error with data table request: unknown column name 'unknown'" },
	});
	const badFilter = await call(
		'GET',
		`/data-tables/${id}/rows?filter=${where({ columnName: 'unknown', condition: 'eq', value: 1 })}`,
	);
	expect(badFilter.status).toBe(400);
});

test('compare-and-set: of two concurrent updates where sends eq 0, exactly one wins', async () => {
	const id = await createTable();
	await call('POST', `/data-tables/${id}/rows`, { data: [{ requestPk: 4242, sends: 0 }] });
	// both requests wait on the server at the same time, then are handled one after the other
	api.setDelay(50);
	const claim = () =>
		call('PATCH', `/data-tables/${id}/rows/update`, {
			filter: {
				type: 'and',
				filters: [
					{ columnName: 'requestPk', condition: 'eq', value: 4242 },
					{ columnName: 'sends', condition: 'eq', value: 0 },
				],
			},
			data: { sends: 1 },
			returnData: true,
		});
	const answers = await Promise.all([claim(), claim()]);
	api.setDelay(0);
	expect(answers.map((a) => a.status)).toEqual([200, 200]);
	const won = answers.filter((a) => (a.body as Row[]).length === 1);
	const lost = answers.filter((a) => (a.body as Row[]).length === 0);
	expect(won).toHaveLength(1);
	expect(lost).toHaveLength(1);
	expect((won[0].body as Row[])[0]).toMatchObject({ id: 1, requestPk: 4242, sends: 1 });
	expect(api.tables()[0].rows).toEqual([expect.objectContaining({ id: 1, sends: 1 })]);

	// without returnData n8n answers true whether or not a row matched
	expect(
		await call('PATCH', `/data-tables/${id}/rows/update`, {
			filter: { filters: [{ columnName: 'sends', condition: 'eq', value: 0 }] },
			data: { sends: 2 },
		}),
	).toEqual({ status: 200, body: true });
	expect(api.tables()[0].rows[0].sends).toBe(1);
});

test('upsert inserts when nothing matches, else updates the matching row', async () => {
	const id = await createTable();
	const upsert = (status: string) =>
		call('POST', `/data-tables/${id}/rows/upsert`, {
			filter: { filters: [{ columnName: 'requestPk', condition: 'eq', value: 4242 }] },
			data: { requestPk: 4242, status },
			returnData: true,
		});
	const inserted = await upsert('ISSUED');
	expect(inserted).toEqual({
		status: 200,
		body: [expect.objectContaining({ id: 1, requestPk: 4242, status: 'ISSUED', sends: null })],
	});
	const updated = await upsert('SIGNED');
	expect(updated.body).toEqual([expect.objectContaining({ id: 1, status: 'SIGNED' })]);
	expect(api.tables()[0].rows).toHaveLength(1);
});

test('delete with an lt filter removes those rows only', async () => {
	const id = await createTable();
	await call('POST', `/data-tables/${id}/rows`, {
		data: [{ requestPk: 1 }, { requestPk: 2 }, { requestPk: 3 }],
	});
	const deleted = await call(
		'DELETE',
		`/data-tables/${id}/rows/delete?filter=${where({ columnName: 'requestPk', condition: 'lt', value: 3 })}&returnData=true`,
	);
	expect(deleted.status).toBe(200);
	expect((deleted.body as Row[]).map((r) => r.requestPk)).toEqual([1, 2]);
	expect(api.tables()[0].rows.map((r) => r.requestPk)).toEqual([3]);
	expect(
		await call(
			'DELETE',
			`/data-tables/${id}/rows/delete?filter=${where({ columnName: 'requestPk', condition: 'eq', value: 3 })}`,
		),
	).toEqual({ status: 200, body: true });
	expect(api.tables()[0].rows).toEqual([]);
});

test('an unknown table is 404, a malformed id 400', async () => {
	expect(await call('GET', `/data-tables/AAAAAAAAAAAAAAAA/rows`)).toEqual({
		status: 404,
		body: { message: "Could not find the data table: 'AAAAAAAAAAAAAAAA'" },
	});
	expect(
		await call('PATCH', `/data-tables/AAAAAAAAAAAAAAAA/rows/update`, {
			filter: { filters: [{ columnName: 'sends', condition: 'eq', value: 0 }] },
			data: { sends: 1 },
		}),
	).toMatchObject({ status: 404 });
	expect(await call('GET', `/data-tables/not-an-id/rows`)).toEqual({
		status: 400,
		body: { message: 'request/params/dataTableId must match format "nanoid"' },
	});
});

test('failNext: the next requests fail and change nothing; restart keeps the data', async () => {
	await createTable();
	api.failNext(2);
	expect(await call('POST', '/data-tables', { name: 'other', columns: [] })).toEqual({
		status: 503,
		body: { message: 'Service Unavailable' },
	});
	expect((await call('GET', '/data-tables')).status).toBe(503);
	expect((await call('GET', '/data-tables')).status).toBe(200);
	expect(api.tables().map((t) => t.name)).toEqual(['signature_requests']);
	expect(api.requestLog.slice(-3).map((r) => [r.method, r.path, r.status])).toEqual([
		['POST', '/api/v1/data-tables', 503],
		['GET', '/api/v1/data-tables', 503],
		['GET', '/api/v1/data-tables', 200],
	]);

	const before = api.baseUrl;
	await api.restart();
	expect(api.baseUrl).toBe(before);
	const listed = await call('GET', '/data-tables');
	expect((listed.body as TableList).data.map((t) => t.name)).toEqual(['signature_requests']);
});
