'use strict';
/**
 * All three benchmarks, one after the other (each starts and stops its own real n8n):
 *   node bench/run.js [--only flows|large|callbacks|relay] [--no-build] [--keep] [options of each]
 * Options: flows.js --flows --concurrency --sign-delay-ms; large-documents.js --sizes;
 * callbacks.js --callbacks --concurrency; relay.js --flows --concurrency --sign-delay-ms
 * --limit-minutes. Prints figures; never fails on a figure.
 */
const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;

const benches = [
	['flows', './flows'],
	['large', './large-documents'],
	['callbacks', './callbacks'],
	['relay', './relay'],
];

(async () => {
	for (const [name, file] of benches) {
		if (only && only !== name) continue;
		const t0 = Date.now();
		console.log(`\n=== ${name} ===`);
		await require(file).main();
		console.log(`(${name}: ${Math.round((Date.now() - t0) / 1000)} s)`);
	}
	process.exit(0);
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
