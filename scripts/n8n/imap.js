'use strict';
/**
 * A real IMAP server for the demo (`npm start`) and the end-to-end tests: Debian's Dovecot
 * (apt package dovecot-imapd, installed by .ci/run when missing), started on loopback with a
 * throwaway configuration in a temporary folder, one mailbox user, plain IMAP (no TLS) and a
 * random password. n8n's Email Trigger (IMAP) watches it; messages arrive through `deliver(raw)`
 * (what a mail server's local delivery does: the message file written into the user's Maildir),
 * which the SMTP mailbox (mailbox.js) calls for the addresses it is told belong here.
 *
 *   const imap = await startImapServer({ port: 0, user: 'signatures', address: 'signatures@example.com' });
 *   imap.port; imap.user; imap.password; imap.deliver(rawBuffer); imapCredentialData(imap); await imap.close();
 *
 * Nothing outside the temporary folder (and `dataDir`, the mail kept between runs of the demo) is
 * read or written: the system's /etc/dovecot is not used. `close()` stops Dovecot and removes the
 * temporary folder.
 */
const { spawn, spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const { freePort, FORBIDDEN_PORT } = require('./instance');

const HOST = '127.0.0.1';
const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => fs.existsSync(p));

/** Why the IMAP server cannot start here (undefined when it can). */
function imapUnavailable() {
	if (DOVECOT) return undefined;
	return "Dovecot is not installed (needed by example 4's IMAP mailbox): install Debian's dovecot-imapd (apt-get install dovecot-imapd; .ci/run does it).";
}

function uidOf(name) {
	const res = spawnSync('id', ['-u', name], { encoding: 'utf8' });
	if (res.status !== 0) throw new Error(`No user "${name}" (Debian's dovecot-core creates it)`);
	return Number(res.stdout.trim());
}

function canConnect(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: HOST, port });
		let greeting = '';
		socket.on('data', (chunk) => {
			greeting += chunk.toString('latin1');
			// "* OK Waiting for authentication process to respond.." comes first while auth starts
			if (/ready\.\r?\n/.test(greeting)) {
				socket.destroy();
				resolve(true);
			}
		});
		socket.once('error', () => resolve(false));
		socket.setTimeout(2000, () => {
			socket.destroy();
			resolve(false);
		});
	});
}

/** The throwaway dovecot.conf: loopback only, plain text log-in, one user from a passwd file. */
function configText({ dir, data, port, uid, gid, loginUser, internalUser }) {
	return `# written by scripts/n8n/imap.js for one run; removed when it stops
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = ${HOST}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${loginUser}
default_internal_user = ${internalUser}
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:${data}/mail/%n
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n ${dir}/users
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${data}/home/%n
}
service imap-login {
  chroot =
  inet_listener imap {
    address = ${HOST}
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

/** The Maildir of `user`, created with its three folders. */
function makeMaildir(dir, user) {
	const maildir = path.join(dir, 'mail', user);
	for (const sub of ['cur', 'new', 'tmp'])
		fs.mkdirSync(path.join(maildir, sub), { recursive: true });
	return maildir;
}

/** The folders the mail user must own: its home and its Maildir. */
function mailPaths(dir, user) {
	const maildir = path.join(dir, 'mail', user);
	return [
		path.join(dir, 'home', user),
		path.join(dir, 'mail'),
		maildir,
		...['cur', 'new', 'tmp'].map((sub) => path.join(maildir, sub)),
	];
}

/**
 * The temporary folder (the configuration, the passwd file, sockets, the log) and the mail folder
 * (`dataDir`, kept when given; else inside the temporary one). As root, the mail and the passwd
 * file belong to Dovecot's "dovecot" user: Dovecot never accesses mail as root, and its auth
 * process reads the passwd file as that user.
 */
function prepareFolder(user, port, password, dataDir) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneshot-imap-'));
	fs.chmodSync(dir, 0o755);
	const data = dataDir ? path.resolve(dataDir) : dir;
	fs.mkdirSync(data, { recursive: true, mode: 0o755 });
	const root = process.getuid() === 0;
	const mailUid = root ? uidOf('dovecot') : process.getuid();
	const gid = process.getgid();
	const usersFile = path.join(dir, 'users');
	fs.writeFileSync(usersFile, `${user}:{PLAIN}${password}\n`, { mode: 0o600 });
	for (const sub of ['run', 'state']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
	fs.mkdirSync(path.join(data, 'home', user), { recursive: true });
	const maildir = makeMaildir(data, user);
	if (root) for (const p of [usersFile, ...mailPaths(data, user)]) fs.chownSync(p, mailUid, gid);
	const me = os.userInfo().username;
	const conf = path.join(dir, 'dovecot.conf');
	fs.writeFileSync(
		conf,
		configText({
			dir,
			data,
			port,
			uid: mailUid,
			gid,
			// as root, Dovecot's own unprivileged users (created by the Debian package)
			loginUser: root ? 'dovenull' : me,
			internalUser: root ? 'dovecot' : me,
		}),
	);
	const own = root ? (file) => fs.chownSync(file, mailUid, gid) : () => {};
	return { dir, conf, maildir, own };
}

/** Runs Dovecot in the foreground (`-F`: this process's child) until it greets on `port`. */
async function launch(conf, port, logTail) {
	const child = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (c) => (output += c));
	child.stderr.on('data', (c) => (output += c));
	const state = { exited: false };
	child.on('exit', () => (state.exited = true));
	const deadline = Date.now() + 15_000;
	while (!(await canConnect(port))) {
		if (state.exited || Date.now() > deadline) {
			child.kill('SIGKILL');
			const why = `${output.trim()}\n${logTail()}`.trim();
			throw new Error(`Dovecot did not start on ${HOST}:${port}: ${why.slice(-1500)}`);
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	const stop = () =>
		new Promise((resolve) => {
			if (state.exited) return resolve();
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			child.once('exit', () => {
				clearTimeout(timer);
				resolve();
			});
			child.kill('SIGTERM');
		});
	return stop;
}

/**
 * Starts Dovecot (`password`: random unless given; `dataDir`: where the mail is kept between
 * runs, else it goes with the temporary folder). Resolves to { host, port, user, password, address, maildir, deliver(raw),
 * logins(), logTail(), close() }. Throws, saying what to install, when Dovecot is missing.
 */
async function startImapServer({
	port = 0,
	user = 'signatures',
	password = crypto.randomBytes(12).toString('base64url'),
	dataDir,
	address,
	log = () => {},
} = {}) {
	const problem = imapUnavailable();
	if (problem) throw new Error(problem);
	if (port === FORBIDDEN_PORT) throw new Error(`port ${FORBIDDEN_PORT} is never used here`);
	const listenPort = port || (await freePort());
	if (!/^[A-Za-z0-9_-]{8,64}$/.test(password))
		throw new Error('The IMAP password needs 8 to 64 letters, digits, "-" or "_"');
	const { dir, conf, maildir, own } = prepareFolder(user, listenPort, password, dataDir);
	const logFile = path.join(dir, 'dovecot.log');
	const logTail = (lines = 20) => {
		try {
			return fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
		} catch {
			return '(no Dovecot log)';
		}
	};
	let stop;
	try {
		stop = await launch(conf, listenPort, logTail);
	} catch (error) {
		fs.rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	log(`IMAP server (Dovecot) on ${HOST}:${listenPort}, user "${user}"`);
	let counter = 0;
	return {
		host: HOST,
		port: listenPort,
		user,
		password,
		address: address || `${user}@example.com`,
		maildir,
		logTail,
		/** Local delivery: the message written to tmp/, then moved to new/ (the Maildir rule). */
		deliver(raw) {
			const name = `${Date.now()}.P${process.pid}Q${++counter}.${os.hostname()}`;
			const tmp = path.join(maildir, 'tmp', name);
			fs.writeFileSync(tmp, Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw), 'utf8'));
			own(tmp);
			fs.renameSync(tmp, path.join(maildir, 'new', name));
		},
		/** How many IMAP log-ins Dovecot has logged (e.g. n8n's Email Trigger connecting). */
		logins: () => (logTail(100_000).match(/imap-login: Info: Login: /g) || []).length,
		/** Stops Dovecot and removes the folder. */
		close: async () => {
			await stop();
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** n8n credential data (type "imap") for the server. */
function imapCredentialData(imap) {
	return {
		user: imap.user,
		password: imap.password,
		host: imap.host,
		port: imap.port,
		secure: false,
		allowUnauthorizedCerts: false,
	};
}

module.exports = { startImapServer, imapCredentialData, imapUnavailable };
