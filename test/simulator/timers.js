'use strict';
/**
 * Tracked timers, so that reset() and close() can cancel everything still pending.
 */

/** Rejection of Scheduler.sleep() when cancelAll() runs first. */
class CancelledError extends Error {
	constructor() {
		super('cancelled');
		this.name = 'CancelledError';
	}
}

class Scheduler {
	/** Pending timers, each with what to do if it is cancelled. */
	timers = new Map();
	generation = 0;

	/**
	 * Runs fn after ms unless cancelled. Errors thrown by fn are swallowed (logged).
	 * @param {number} ms
	 * @param {() => unknown} fn
	 */
	after(ms, fn) {
		const t = setTimeout(
			() => {
				this.timers.delete(t);
				Promise.resolve()
					.then(fn)
					.catch((err) => {
						// A background task must never crash the simulator.
						console.error('[simulator] background task failed:', err);
					});
			},
			Math.max(0, ms),
		);
		this.timers.set(t, () => undefined);
	}

	/**
	 * Promise resolved after ms; rejected with 'cancelled' if cancelAll() runs first.
	 * @param {number} ms
	 * @returns {Promise<void>}
	 */
	sleep(ms) {
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const t = setTimeout(() => {
				this.timers.delete(t);
				resolve();
			}, ms);
			this.timers.set(t, () => reject(new CancelledError()));
		});
	}

	/** Increases on every cancelAll(); background work compares it to know it was cancelled. */
	get epoch() {
		return this.generation;
	}

	cancelAll() {
		this.generation++;
		for (const [t, onCancel] of this.timers) {
			clearTimeout(t);
			onCancel();
		}
		this.timers.clear();
	}
}

/**
 * Plain sleep not tracked by a scheduler (request-scoped waits such as latency).
 * @param {number} ms
 * @returns {Promise<void>}
 */
function delay(ms) {
	return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

module.exports = { Scheduler, CancelledError, delay };
