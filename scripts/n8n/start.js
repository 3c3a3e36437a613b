'use strict';
/**
 * `npm start [-- --fresh] [-- --port 5678 --simulator-port 8089 --broker-port 5688 --smtp-port 2525 --imap-port 1143 --crm-port 8090]`
 *
 * The demo: a real n8n 2.41.1 on loopback with this package installed as a community package,
 * next to the One-Shot Optimizer simulator, a ready credential pointing at it and the workflows
 * of examples/ imported (those starting with a trigger are published).
 *
 *  1. provisions Node 24 and n8n into .cache/n8n (first run only, see provision.js)
 *  2. builds and packs the package, extracts it into <home>/.n8n/nodes/node_modules/<package>
 *  3. starts the simulator and n8n (SQLite, owner from env, telemetry and banners off)
 *  4. creates (or reuses) an API key, the credentials "One-Shot simulator", "Demo mailbox (SMTP)"
 *     and "This n8n (API)" (a "Uanataca One-Shot N8n API" credential with its own API key of this
 *     n8n: the signing pages of examples 4 and 5 keep each signer's progress in a data table),
 *     imports examples/ (their CRM URL pointing at a local stand-in that logs the calls, see crm.js)
 *  The e-mails the workflows send go to a local SMTP mailbox and are printed here (mailbox.js);
 *  those to signatures@example.com are delivered to a real IMAP inbox (Debian's Dovecot on
 *  loopback, imap.js; credential "Demo mailbox (IMAP)") that example 4's Email Trigger watches.
 *  5. prints the editor URL and the login; Ctrl-C (or SIGTERM) stops n8n and the simulator.
 *
 * The n8n user folder is .cache/n8n/home and is kept between runs (what exists is reused);
 * `--fresh` starts from an empty one. n8n's output goes to <home>/n8n.log.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { provision, paths } = require('./provision');
const n8n = require('./instance');
const { startMailbox, smtpCredentialData } = require('./mailbox');
const { startImapServer, imapCredentialData, imapUnavailable } = require('./imap');
const { startCrm, localizeExample } = require('./crm');

const CREDENTIAL_ID = 'oneShotSimulator';
const CREDENTIAL_NAME = 'One-Shot simulator';
const SMTP_CREDENTIAL_ID = 'demoMailboxSmtp';
const SMTP_CREDENTIAL_NAME = 'Demo mailbox (SMTP)';
const IMAP_CREDENTIAL_ID = 'demoMailboxImap';
const IMAP_CREDENTIAL_NAME = 'Demo mailbox (IMAP)';
const N8N_API_CREDENTIAL_ID = 'demoN8nApi';
const N8N_API_CREDENTIAL_NAME = 'This n8n (API)';

function parseArgs(argv) {
	const args = {
		fresh: false,
		port: Number(process.env.N8N_DEMO_PORT || 5678),
		simulatorPort: Number(process.env.N8N_DEMO_SIMULATOR_PORT || 8089),
		smtpPort: Number(process.env.N8N_DEMO_SMTP_PORT || 2525),
		imapPort: Number(process.env.N8N_DEMO_IMAP_PORT || 1143),
		crmPort: Number(process.env.N8N_DEMO_CRM_PORT || 8090),
		brokerPort: process.env.N8N_DEMO_BROKER_PORT
			? Number(process.env.N8N_DEMO_BROKER_PORT)
			: undefined,
		email: process.env.N8N_DEMO_EMAIL || 'demo@example.com',
		password: process.env.N8N_DEMO_PASSWORD || 'Demo-Passw0rd',
		home: process.env.N8N_DEMO_HOME || path.join(paths.cacheDir, 'home'),
		examples: path.join(n8n.REPO_ROOT, 'examples'),
		build: true,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
			return argv[++i];
		};
		if (arg === '--fresh') args.fresh = true;
		else if (arg === '--port') args.port = Number(value());
		else if (arg === '--simulator-port') args.simulatorPort = Number(value());
		else if (arg === '--smtp-port') args.smtpPort = Number(value());
		else if (arg === '--imap-port') args.imapPort = Number(value());
		else if (arg === '--crm-port') args.crmPort = Number(value());
		else if (arg === '--broker-port') args.brokerPort = Number(value());
		else if (arg === '--email') args.email = value();
		else if (arg === '--password') args.password = value();
		else if (arg === '--home') args.home = path.resolve(value());
		else if (arg === '--examples') args.examples = path.resolve(value());
		else if (arg === '--no-build') args.build = false;
		else if (arg === '--help' || arg === '-h') {
			console.log(
				'Usage: npm start -- [--fresh] [--port 5678] [--simulator-port 8089] [--broker-port N] [--smtp-port 2525] [--imap-port 1143] [--crm-port 8090]\n' +
					'                    [--email demo@example.com] [--password Demo-Passw0rd] [--home DIR] [--examples DIR] [--no-build]',
			);
			process.exit(0);
		} else throw new Error(`Unknown option ${arg} (see --help)`);
	}
	// The task broker defaults to 5679, which is never used here: pick one next to n8n's port.
	if (args.brokerPort === undefined) {
		args.brokerPort = args.port + 10 === n8n.FORBIDDEN_PORT ? args.port + 11 : args.port + 10;
	}
	n8n.assertPort(args.port, '--port');
	n8n.assertPort(args.simulatorPort, '--simulator-port');
	n8n.assertPort(args.brokerPort, '--broker-port');
	n8n.assertPort(args.smtpPort, '--smtp-port');
	n8n.assertPort(args.crmPort, '--crm-port');
	n8n.assertPort(args.imapPort, '--imap-port');
	const ports = [
		args.port,
		args.simulatorPort,
		args.brokerPort,
		args.smtpPort,
		args.crmPort,
		args.imapPort,
	];
	if (new Set(ports).size !== ports.length)
		throw new Error(
			`n8n, the simulator, the task broker, the mailbox (SMTP and IMAP) and the CRM stand-in need six different ports (${ports.join(', ')})`,
		);
	if (!/^(?=.*\d)(?=.*[A-Z]).{8,64}$/.test(args.password)) {
		throw new Error(
			'The owner password needs 8 to 64 characters with at least one digit and one capital letter (n8n rule).',
		);
	}
	return args;
}

function readState(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return {};
	}
}

/**
 * API key saved in the user folder (field `field` of demo-state.json) from an earlier run, if n8n
 * still accepts it for `GET /api/v1<probe>`; else a new one labelled `label`.
 */
async function apiKeyFor(
	instance,
	args,
	stateFile,
	{ field = 'apiKey', label = 'npm start', probe = '/workflows?limit=1' } = {},
) {
	const state = readState(stateFile);
	if (state[field]) {
		const res = await n8n.http('GET', `${instance.baseUrl}/api/v1${probe}`, {
			headers: { 'X-N8N-API-KEY': state[field] },
		});
		if (res.status === 200) return { apiKey: state[field], reused: true };
	}
	const cookie = await n8n.login(instance.baseUrl, args.email, args.password);
	const apiKey = await n8n.createApiKey(
		instance.baseUrl,
		cookie,
		`${label} ${new Date().toISOString()}`,
	);
	fs.writeFileSync(stateFile, JSON.stringify({ ...state, [field]: apiKey }, null, 2) + '\n', {
		mode: 0o600,
	});
	return { apiKey, reused: false };
}

/** The credential "One-Shot simulator" (fixed id), created or updated to point at `sim`. */
async function ensureCredential(api, sim) {
	const data = n8n.simulatorCredentialData(sim);
	const existing = await api.get(`/credentials/${CREDENTIAL_ID}`, { expect: [200, 404] });
	if (existing && existing.id === CREDENTIAL_ID) {
		await api.patch(`/credentials/${CREDENTIAL_ID}`, {
			name: CREDENTIAL_NAME,
			type: 'uanatacaOneShotApi',
			data,
		});
		return { id: CREDENTIAL_ID, created: false };
	}
	const created = await api.post('/credentials', {
		id: CREDENTIAL_ID,
		name: CREDENTIAL_NAME,
		type: 'uanatacaOneShotApi',
		data,
	});
	return { id: created.id, created: true };
}

/** The credential "Demo mailbox (SMTP)" (fixed id) pointing at the local mailbox. */
async function ensureSmtpCredential(api, box) {
	const data = smtpCredentialData(box);
	const existing = await api.get(`/credentials/${SMTP_CREDENTIAL_ID}`, { expect: [200, 404] });
	if (existing && existing.id === SMTP_CREDENTIAL_ID) {
		await api.patch(`/credentials/${SMTP_CREDENTIAL_ID}`, {
			name: SMTP_CREDENTIAL_NAME,
			type: 'smtp',
			data,
		});
		return { id: SMTP_CREDENTIAL_ID };
	}
	const created = await api.post('/credentials', {
		id: SMTP_CREDENTIAL_ID,
		name: SMTP_CREDENTIAL_NAME,
		type: 'smtp',
		data,
	});
	return { id: created.id };
}

/** The credential "Demo mailbox (IMAP)" (fixed id) for the demo's IMAP inbox. */
async function ensureImapCredential(api, imap) {
	const body = { name: IMAP_CREDENTIAL_NAME, type: 'imap', data: imapCredentialData(imap) };
	const existing = await api.get(`/credentials/${IMAP_CREDENTIAL_ID}`, { expect: [200, 404] });
	if (existing && existing.id === IMAP_CREDENTIAL_ID) {
		await api.patch(`/credentials/${IMAP_CREDENTIAL_ID}`, body);
		return { id: IMAP_CREDENTIAL_ID };
	}
	const created = await api.post('/credentials', { id: IMAP_CREDENTIAL_ID, ...body });
	return { id: created.id };
}

/**
 * The credential "This n8n (API)" (fixed id, type uanatacaOneShotN8nApi): this n8n's URL and an
 * API key of its own, for the signing pages of examples 4 and 5 (their progress data table).
 */
async function ensureN8nApiCredential(api, baseUrl, apiKey) {
	const body = {
		name: N8N_API_CREDENTIAL_NAME,
		type: 'uanatacaOneShotN8nApi',
		data: { baseUrl, apiKey },
	};
	const existing = await api.get(`/credentials/${N8N_API_CREDENTIAL_ID}`, { expect: [200, 404] });
	if (existing && existing.id === N8N_API_CREDENTIAL_ID) {
		await api.patch(`/credentials/${N8N_API_CREDENTIAL_ID}`, body);
		return { id: N8N_API_CREDENTIAL_ID };
	}
	const created = await api.post('/credentials', { id: N8N_API_CREDENTIAL_ID, ...body });
	return { id: created.id };
}

/**
 * Example 4's IMAP inbox (Dovecot), or undefined with a note when Dovecot is not installed
 * (example 4 is then not imported; everything else runs).
 */
async function startDemoImap(args, log) {
	const missing = imapUnavailable();
	if (missing) {
		log(`Note: ${missing} Example 4 (sign a PDF sent by e-mail) is skipped.`);
		return undefined;
	}
	// The same password and mailbox on every run: n8n re-publishes example 4 with the saved
	// credential at start, and its Email Trigger remembers the last message number it has seen
	const stateFile = path.join(args.home, 'demo-state.json');
	const state = readState(stateFile);
	if (!state.imapPassword) {
		state.imapPassword = crypto.randomBytes(12).toString('base64url');
		fs.writeFileSync(stateFile, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
	}
	return startImapServer({
		port: args.imapPort,
		user: 'signatures',
		password: state.imapPassword,
		dataDir: path.join(args.home, 'imap'),
	});
}

/** The lines printed for example 4: how to send it an e-mail, where the answers appear. */
function example4Lines(args, imap, workflows) {
	const wf = workflows.find((w) => (w.workflow.nodes || []).some((n) => n.type === EMAIL_TRIGGER));
	if (!imap || !wf || !wf.published) return [];
	return [
		'',
		`Try example 4 (a PDF sent by e-mail to ${imap.address}): send the e-mail a colleague would send,`,
		"then open the signing page link printed here (the signer's e-mail); the signed PDF comes back as a reply:",
		`  node scripts/n8n/send-mail.js --smtp-port ${args.smtpPort} [--pdf your.pdf]`,
	];
}

const EMAIL_TRIGGER = 'n8n-nodes-base.emailReadImap';

/** Imports every examples/*.json not imported yet (by name); publishes those with a trigger. */
async function importExamples(api, dir, ids, log) {
	let files = [];
	try {
		files = fs
			.readdirSync(dir)
			.filter((f) => f.endsWith('.json'))
			.sort();
	} catch {
		return [];
	}
	const results = [];
	for (const file of files) {
		let workflow;
		const text = fs.readFileSync(path.join(dir, file), 'utf8');
		if (text.includes('__IMAP_CREDENTIAL_ID__') && !ids.imapCredentialId) {
			log(`  ! ${file}: needs the IMAP inbox (Dovecot); skipped`);
			continue;
		}
		try {
			workflow = JSON.parse(localizeExample(text, ids));
		} catch (error) {
			log(`  ! ${file}: not valid JSON (${error.message}); skipped`);
			continue;
		}
		if (!workflow.name || !Array.isArray(workflow.nodes)) {
			log(`  ! ${file}: not an n8n workflow (no name or nodes); skipped`);
			continue;
		}
		try {
			const found = await api.get(`/workflows?name=${encodeURIComponent(workflow.name)}&limit=10`);
			let wf = (found.data || []).find((w) => w.name === workflow.name && !w.isArchived);
			const existed = Boolean(wf);
			if (!wf) wf = await api.post('/workflows', n8n.workflowForImport(workflow));
			let published = Boolean(wf.active);
			const emailTriggered = workflow.nodes.some((n) => n.type === EMAIL_TRIGGER);
			if (!published && (n8n.startsWithTrigger(workflow) || emailTriggered)) {
				await n8n.publishWorkflow(api, wf.id);
				published = true;
			}
			results.push({ file, id: wf.id, name: workflow.name, existed, published, workflow });
		} catch (error) {
			log(`  ! ${file}: ${error.message}`);
		}
	}
	return results;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const log = (line) => console.log(line);
	let sim;
	let instance;
	let mailbox;
	let imap;
	let crm;
	let stopping = false;

	const shutdown = async (reason, code) => {
		if (stopping) return;
		stopping = true;
		if (reason) log(`\n${reason}: stopping n8n and the simulator ...`);
		try {
			if (instance) await instance.stop(30_000);
		} catch (error) {
			console.error(`Stopping n8n: ${error.message}`);
		}
		try {
			if (sim) await sim.close();
		} catch (error) {
			console.error(`Stopping the simulator: ${error.message}`);
		}
		for (const service of [mailbox, imap, crm]) {
			try {
				if (service) await service.close();
			} catch (error) {
				console.error(`Stopping the mailbox / IMAP inbox / CRM stand-in: ${error.message}`);
			}
		}
		if (reason) log('Stopped.');
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown('Ctrl-C', 0));
	process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
	process.on('SIGHUP', () => void shutdown('SIGHUP', 0));

	try {
		const provisioned = await provision({ log });

		// Before touching the user folder: a demo already running there holds these ports.
		for (const [port, what] of [
			[args.simulatorPort, 'the simulator'],
			[args.port, 'n8n'],
			[args.brokerPort, "n8n's task broker"],
			[args.smtpPort, 'the demo mailbox (SMTP)'],
			[args.imapPort, 'the demo inbox (IMAP)'],
			[args.crmPort, 'the CRM stand-in'],
		]) {
			if (await n8n.portInUse(port)) {
				throw new Error(
					`Port ${port} (for ${what}) is already in use on 127.0.0.1. Stop what uses it or pick another port (--help).`,
				);
			}
		}

		if (args.fresh && fs.existsSync(args.home)) {
			log(
				`--fresh: removing the n8n user folder ${path.relative(process.cwd(), args.home) || args.home}`,
			);
			fs.rmSync(args.home, { recursive: true, force: true });
		}
		fs.mkdirSync(args.home, { recursive: true });
		const tarball = n8n.buildAndPack(path.join(paths.cacheDir, 'pack'), { build: args.build, log });
		const installed = n8n.installPackage(args.home, tarball);
		log(
			`Installed ${n8n.PACKAGE_NAME}@${installed.version} as a community package in ${installed.target}`,
		);

		const { startSimulator } = require(path.join(n8n.REPO_ROOT, 'test', 'simulator'));
		sim = await startSimulator({ port: args.simulatorPort });
		log(`Simulator listening on ${sim.url}`);
		imap = await startDemoImap(args, log);
		mailbox = await startMailbox({
			port: args.smtpPort,
			localMailboxes: imap ? { [imap.address]: imap } : {},
			onMessage: (m) => {
				// the HTML part when there is one (the text part repeats its links, in brackets)
				const body = m.html || m.text;
				const links = [...new Set(body.match(/https?:\/\/[^\s"'<>[\]]+/g) || [])];
				log(
					`\n[mailbox] e-mail to ${m.to.join(', ')}: "${m.subject}"` +
						(m.attachments.length
							? ` (attached: ${m.attachments.map((a) => a.filename).join(', ')})`
							: '') +
						links.map((l) => `\n[mailbox]   link: ${l.replace(/&amp;/g, '&')}`).join(''),
				);
			},
		});
		crm = await startCrm({
			port: args.crmPort,
			onCall: (c) =>
				log(
					`[crm] ${c.method} ${c.path}${c.query} ${c.body === undefined ? '' : JSON.stringify(c.body)}`,
				),
		});
		log(
			`Demo mailbox (SMTP) on 127.0.0.1:${mailbox.port}${imap ? `, IMAP inbox ${imap.address} on 127.0.0.1:${imap.port}` : ''}, CRM stand-in on ${crm.url}`,
		);

		const logFile = path.join(args.home, 'n8n.log');
		log(
			`Starting n8n ${paths.n8nVersion} on http://127.0.0.1:${args.port} (output: ${logFile}) ...`,
		);
		instance = await n8n.startN8n({
			provisioned,
			home: args.home,
			port: args.port,
			brokerPort: args.brokerPort,
			logFile,
			owner: {
				email: args.email,
				firstName: 'Demo',
				lastName: 'Owner',
				passwordHash: n8n.ownerPasswordHash(provisioned, args.password),
			},
			log,
		});
		instance.exitPromise.then((exit) => {
			if (stopping) return;
			console.error(
				`\nn8n stopped by itself (${exit.signal || `exit code ${exit.code}`}). Last lines of ${logFile}:\n${instance.logTail(30)}`,
			);
			void shutdown(undefined, 1);
		});

		const stateFile = path.join(args.home, 'demo-state.json');
		const { apiKey, reused } = await apiKeyFor(instance, args, stateFile);
		const api = n8n.publicApi(instance.baseUrl, apiKey);
		const credential = await ensureCredential(api, sim);
		const test = await api.post(`/credentials/${credential.id}/test`, {}, { expect: [200] });
		const smtp = await ensureSmtpCredential(api, mailbox);
		const imapCredential = imap ? await ensureImapCredential(api, imap) : undefined;
		// the signing pages' own key (kept in demo-state.json), checked against the data tables API
		const pagesKey = await apiKeyFor(instance, args, stateFile, {
			field: 'signingPagesApiKey',
			label: 'npm start signing pages',
			probe: '/data-tables?limit=1',
		});
		const n8nApiCredential = await ensureN8nApiCredential(api, instance.baseUrl, pagesKey.apiKey);
		const workflows = await importExamples(
			api,
			args.examples,
			{
				credentialId: credential.id,
				smtpCredentialId: smtp.id,
				imapCredentialId: imapCredential && imapCredential.id,
				n8nApiCredentialId: n8nApiCredential.id,
				crmUrl: `${crm.url}`,
			},
			log,
		);

		const lines = [
			'',
			'n8n with the Uanataca One-Shot nodes is running.',
			`  Editor        : http://127.0.0.1:${args.port}/`,
			`  Login         : ${args.email} / ${args.password}`,
			`  Credential    : "${CREDENTIAL_NAME}" (id ${credential.id}, ${credential.created ? 'created' : 'updated'}; test: ${test.status}${test.message ? ` - ${test.message}` : ''})`,
			`  Simulator     : ${sim.currentBaseUrl} (token ${sim.sandboxToken})`,
			`  OTP of a request (the "SMS"): ${sim.url}/__simulator/otp/<requestPk>`,
			`  E-mails      : sent to the local mailbox 127.0.0.1:${mailbox.port} (credential "${SMTP_CREDENTIAL_NAME}") and printed here`,
			`  CRM stand-in : ${crm.url} (the examples' https://crm.example.com; calls printed here), sample PDF ${crm.url}/files/sample.pdf`,
			imap
				? `  IMAP inbox   : ${imap.address} on 127.0.0.1:${imap.port} (Dovecot; credential "${IMAP_CREDENTIAL_NAME}", user ${imap.user}), watched by example 4`
				: '  IMAP inbox   : none (Dovecot not installed: apt-get install dovecot-imapd)',
			`  n8n API       : credential "${N8N_API_CREDENTIAL_NAME}" (${instance.baseUrl}, its own API key ${pagesKey.reused ? 'reused' : 'created'}), used by the signing pages of examples 4 and 5 (data table "Uanataca One-Shot Signing Pages")`,
			`  API key       : ${reused ? 'reused' : 'created'}, saved in ${stateFile}`,
		];
		if (workflows.length === 0) lines.push('  Workflows     : none in examples/');
		for (const wf of workflows) {
			lines.push(
				`  Workflow      : "${wf.name}" (${wf.file}, id ${wf.id}, ${wf.existed ? 'already there' : 'imported'}${wf.published ? ', published' : ''}) http://127.0.0.1:${args.port}/workflow/${wf.id}`,
			);
		}
		lines.push(`  n8n log       : ${logFile}`);
		const dealWon = workflows.find((wf) =>
			(wf.workflow.nodes || []).some(
				(n) => n.type === 'n8n-nodes-base.webhook' && n.parameters?.path === 'deal-won',
			),
		);
		if (dealWon && dealWon.published) {
			const body = JSON.stringify({
				dealId: 'D-1001',
				documentUrl: `${crm.url}/files/sample.pdf`,
				signer: {
					givenName: 'Maria',
					surname1: 'Garcia',
					idDocumentType: 'IDC',
					idDocumentCountry: 'ES',
					serialNumber: '12345678Z',
					email: 'maria@example.com',
					mobilePhoneNumber: '+34600123123',
				},
			});
			lines.push(
				'',
				"Try example 1 (a deal won in the CRM): the signer's e-mail with the form link is printed here,",
				`the code is at ${sim.url}/__simulator/otp/<requestPk>:`,
				`  curl -s -X POST -H 'content-type: application/json' -d '${body}' http://127.0.0.1:${args.port}/webhook/deal-won`,
			);
		}
		lines.push(...example4Lines(args, imap, workflows));
		lines.push('', 'Press Ctrl-C to stop n8n and the simulator.');
		log(lines.join('\n'));
	} catch (error) {
		console.error(`\nnpm start failed: ${error instanceof Error ? error.message : error}`);
		await shutdown(undefined, 1);
	}
}

main();
