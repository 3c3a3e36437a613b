'use strict';
/**
 * Faults injected into API calls (README "Faults"): 5xx answers, 429, dropped connections,
 * slow answers and answers that stall half-way ('stall').
 */

/** @typedef {import('./types').Fault} Fault */

class FaultList {
	/** @type {{ fault: Fault, remaining: number, re: RegExp | undefined }[]} */
	faults = [];

	/** @param {Fault} fault */
	add(fault) {
		if (!fault || !['5xx', 'drop', 'slow', '429', 'stall'].includes(fault.kind)) {
			throw new Error(`Unknown fault kind: ${String(fault?.kind)}`);
		}
		const times = fault.times ?? 1;
		let re;
		if (fault.route) {
			try {
				re = new RegExp(fault.route);
			} catch {
				re = undefined;
			}
		}
		this.faults.push({
			fault: { ...fault },
			remaining: !Number.isFinite(times) || times <= 0 ? Infinity : Math.floor(times),
			re,
		});
	}

	clear() {
		this.faults = [];
	}

	/** The active faults; `remaining: null` means unlimited. */
	list() {
		return this.faults.map((f) => ({
			...f.fault,
			remaining: Number.isFinite(f.remaining) ? f.remaining : null,
		}));
	}

	/**
	 * First fault matching `key` ("POST /oneshot/api/v1/sign/388141"), consuming one use.
	 * @param {string} key
	 * @returns {Fault | undefined}
	 */
	take(key) {
		const idx = this.faults.findIndex(
			(f) =>
				!f.fault.route || key.includes(f.fault.route) || (f.re !== undefined && f.re.test(key)),
		);
		if (idx < 0) return undefined;
		const active = this.faults[idx];
		active.remaining--;
		if (active.remaining <= 0) this.faults.splice(idx, 1);
		return active.fault;
	}
}

module.exports = { FaultList };
