'use strict';
/**
 * `npm run simulator -- [--port 8089] [--host 127.0.0.1] [--option value ...]`
 *
 * Any SimulatorOptions knob can be given as `--knobName value` (numbers and booleans parsed),
 * e.g. `--callbackFormat event --asyncSignDelayMs 2000 --defaults.billing true`.
 */
const { startSimulator } = require('./index');

/**
 * `'true'`/`'false'` become booleans and numeric text a number; anything else stays a string.
 * @param {string} v
 */
function parseValue(v) {
	if (v === 'true') return true;
	if (v === 'false') return false;
	if (v !== '' && !Number.isNaN(Number(v))) return Number(v);
	return v;
}

/**
 * `--name value`, `--name=value` or a bare `--flag` (= true); `--defaults.<key>` fills
 * `defaults`. The port defaults to 8089.
 * @param {string[]} argv
 * @returns {Record<string, unknown>} Overrides for startSimulator().
 */
function parseArgs(argv) {
	const out = { port: 8089 };
	const defaults = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') {
			console.log(
				'Usage: npm run simulator -- [--port 8089] [--host 127.0.0.1] [--<option> <value>]...\n' +
					'Options: see test/simulator/README.md (e.g. --callbackFormat event, --defaults.billing true)',
			);
			process.exit(0);
		}
		if (!arg.startsWith('--')) continue;
		let key = arg.slice(2);
		let value;
		const eq = key.indexOf('=');
		if (eq >= 0) {
			value = key.slice(eq + 1);
			key = key.slice(0, eq);
		} else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
			value = argv[++i];
		} else {
			value = 'true';
		}
		if (key.startsWith('defaults.')) defaults[key.slice('defaults.'.length)] = parseValue(value);
		else if (key === 'host') out.host = value;
		else out[key] = parseValue(value);
	}
	if (Object.keys(defaults).length > 0) out.defaults = defaults;
	return out;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.host !== undefined && args.host !== '127.0.0.1') {
		console.error('The simulator only listens on 127.0.0.1 (loopback).');
		process.exit(2);
	}
	const sim = await startSimulator(args);
	const b64 = Buffer.from(sim.billing.password, 'utf8').toString('base64');
	console.log(
		[
			'Uanataca One-Shot Optimizer simulator',
			`  current API : ${sim.currentBaseUrl}`,
			`  legacy API  : ${sim.legacyBaseUrl}`,
			`  control     : ${sim.url}/__simulator/health`,
			`  sandbox token (cannot be deleted): ${sim.sandboxToken}`,
			`  RAO credentials : username=${sim.rao.username} password=${sim.rao.password} pin=${sim.rao.pin}`,
			`  billing         : billing_username=${sim.billing.username} billing_password=${b64} (Base64 of "${sim.billing.password}")`,
			`  defaults        : ${JSON.stringify(sim.options.defaults)}`,
			'  OTP of a request: GET /__simulator/otp/<pk>',
			'Press Ctrl+C to stop.',
		].join('\n'),
	);
	let stopping = false;
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal} received, stopping simulator...`);
		sim
			.close()
			.then(() => process.exit(0))
			.catch((err) => {
				console.error(err);
				process.exit(1);
			});
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
