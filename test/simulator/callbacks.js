'use strict';
/**
 * Webhook (callback) payloads and delivery: oneshot-api.md section 4.
 */
const { randomInt } = require('node:crypto');
const { request } = require('undici');

/** @typedef {import('./types').CallbackRecord} CallbackRecord */
/** @typedef {import('./types').HistoryEntry} HistoryEntry */
/** @typedef {import('./types').RequestStatus} RequestStatus */
/** @typedef {import('./types').SimRequest} SimRequest */
/** @typedef {import('./types').SimulatorOptions} SimulatorOptions */

/**
 * A callback waiting to be delivered: what its CallbackRecords will share.
 * @typedef {object} PendingCallback
 * @property {string} url
 * @property {Record<string, unknown>} body
 * @property {'flat' | 'event'} format
 * @property {number} pk
 * @property {RequestStatus} requestStatus
 */

/** `event_type` of format B for each request status. */
const EVENT_TYPES = {
	CREATED: 'REQUEST_CREATED',
	VIDEOPENDING: 'REQUEST_CREATED',
	VIDEOINCOMPLETE: 'VIDEOID_UPDATED',
	VIDEOREVIEW: 'VIDEOID_UPDATED',
	VIDEOERROR: 'VIDEOID_FAILED',
	ENROLLREADY: 'REQUEST_APPROVED',
	ISSUED: 'REQUEST_ENROLLED',
	CANCELLED: 'REQUEST_CANCELED',
};

const pad = (n, w = 2) => String(n).padStart(w, '0');

let lastMicros = 0;

/**
 * `2026-11-25T08:08:21.132394` (UTC, no time zone, microseconds). Strictly increasing across
 * calls, so transitions recorded in the same millisecond keep their order.
 * @param {Date} d
 */
function flatDate(d) {
	let micros = d.getTime() * 1000 + randomInt(0, 1000);
	if (micros <= lastMicros) micros = lastMicros + 1;
	lastMicros = micros;
	const ms = Math.floor(micros / 1000);
	return `${new Date(ms).toISOString().slice(0, 23)}${pad(micros % 1000, 3)}`;
}

/**
 * `20261125083633` (UTC).
 * @param {Date} d
 */
function compactDate(d) {
	return (
		`${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
		`${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
	);
}

/**
 * `20261125 08:36:33` (certificate validity in format B).
 * @param {Date} d
 */
function certDate(d) {
	return (
		`${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
	);
}

/**
 * The JSON body of one callback: format A (`'flat'`) or format B (`'event'`).
 * @param {SimRequest} req
 * @param {HistoryEntry} entry The transition being reported.
 * @param {'flat' | 'event'} format
 * @param {boolean} [withDate] false: format A without `date` (the webhook page: "when present").
 * @returns {Record<string, unknown>}
 */
function buildCallbackBody(req, entry, format, withDate = true) {
	if (format === 'flat') {
		const body = { status: entry.status, date: entry.date };
		if (!withDate) delete body.date;
		// Docs list previous_status "(when present)": the first status has none.
		if (entry.previous_status !== null) body.previous_status = entry.previous_status;
		body.request = req.pk;
		body.registration_authority = req.registrationAuthority;
		return body;
	}
	return {
		event_type: entry.eventType ?? EVENT_TYPES[entry.status],
		sent_at: compactDate(new Date(entry.at)),
		request: {
			status: entry.status,
			profile: req.profile,
			registration_authority: req.registrationAuthority,
			scratchcard: req.scratchcard,
			pk: req.pk,
		},
		certificates: entry.status === 'ISSUED' && req.certificate ? [{ ...req.certificate }] : [],
	};
}

/**
 * Sends the callbacks of async requests (those of one request in order, one after the other) and
 * records every delivery attempt in `ctx.records`.
 */
class CallbackDispatcher {
	/** Per request pk, the promise of its last queued delivery. */
	chains = new Map();
	/** Per request pk, callbacks held back by `outOfOrderCallbacks`. */
	held = new Map();

	/**
	 * @param {{
	 *   options: () => SimulatorOptions,
	 *   records: CallbackRecord[],
	 *   scheduler: import('./timers').Scheduler,
	 *   agent: () => import('undici').Agent,
	 * }} ctx
	 */
	constructor(ctx) {
		this.ctx = ctx;
	}

	/**
	 * Called on every status transition of a request.
	 * @param {SimRequest} req
	 * @param {HistoryEntry} entry
	 */
	notify(req, entry) {
		const opts = this.ctx.options();
		// async requests with a callback, and legacy Video ID requests with a webhook_url; any
		// other request notifies the webhook Uanataca set on the registration authority, if any
		const own = (req.asyncmode || req.videoid) && req.callback ? req.callback : undefined;
		const url = own ?? (opts.raWebhookUrl || undefined);
		if (!url) return;
		/** @type {PendingCallback} */
		const pending = {
			url,
			body: buildCallbackBody(req, entry, opts.callbackFormat, opts.callbackDate !== false),
			format: opts.callbackFormat,
			pk: req.pk,
			requestStatus: entry.status,
		};
		if (opts.outOfOrderCallbacks) {
			const list = this.held.get(req.pk) ?? [];
			list.push(pending);
			this.held.set(req.pk, list);
			if (entry.status === 'ISSUED' || entry.status === 'CANCELLED') {
				this.held.delete(req.pk);
				for (const p of list.reverse()) this.enqueue(p);
			}
			return;
		}
		this.enqueue(pending);
	}

	reset() {
		this.chains.clear();
		this.held.clear();
	}

	/** @param {PendingCallback} p */
	enqueue(p) {
		const epoch = this.ctx.scheduler.epoch;
		const copies = this.ctx.options().duplicateCallbacks ? 2 : 1;
		const prev = this.chains.get(p.pk) ?? Promise.resolve();
		const next = prev
			.then(async () => {
				for (let i = 0; i < copies; i++) {
					if (this.ctx.scheduler.epoch !== epoch) return;
					await this.deliver(p, i > 0, epoch);
				}
			})
			.catch(() => undefined);
		this.chains.set(p.pk, next);
	}

	/**
	 * One delivery, retried up to `callbackRetries` times. Stops silently if the simulator was
	 * reset meanwhile (the scheduler's epoch changed).
	 * @param {PendingCallback} p
	 * @param {boolean} duplicate
	 * @param {number} epoch
	 */
	async deliver(p, duplicate, epoch) {
		const opts = this.ctx.options();
		const maxAttempts = 1 + Math.max(0, Math.floor(opts.callbackRetries || 0));
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			await this.ctx.scheduler.sleep(opts.callbackDelayMs);
			if (this.ctx.scheduler.epoch !== epoch) return;
			const at = Date.now();
			/** @type {CallbackRecord} */
			const record = {
				url: p.url,
				body: p.body,
				format: p.format,
				pk: p.pk,
				requestStatus: p.requestStatus,
				attempt,
				duplicate,
				at,
				durationMs: 0,
			};
			try {
				const res = await request(p.url, {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						'user-agent': 'Uanataca-OneShot-Simulator/1.0',
					},
					body: JSON.stringify(p.body),
					dispatcher: this.ctx.agent(),
					headersTimeout: opts.callbackTimeoutMs,
					bodyTimeout: opts.callbackTimeoutMs,
				});
				record.statusCode = res.statusCode;
				await res.body.dump().catch(() => undefined);
			} catch (err) {
				record.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
			}
			record.durationMs = Date.now() - at;
			if (this.ctx.scheduler.epoch !== epoch) return;
			this.ctx.records.push(record);
			const ok = record.statusCode !== undefined && record.statusCode < 300;
			if (ok) return;
		}
	}
}

module.exports = {
	CallbackDispatcher,
	flatDate,
	compactDate,
	certDate,
	buildCallbackBody,
};
