'use strict';
/**
 * Secrets, across everything the suite did before (it runs last): no RAO password, PIN, RAO token,
 * billing password (as typed or Base64), trigger Secret Token or header secret appears in any
 * execution's run data (node outputs and errors), nor in n8n's log (debug level, console and file).
 *
 * The workflow snapshot every execution carries (`workflowData`) holds the node parameters as
 * configured; a trigger's Secret Token is a node parameter, so it is there by design of the node
 * (see the report this test prints). Credentials are not part of it.
 */
const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');

const session = require('./lib/session');

const { containsSecret } = session;

function register(test) {
	test('no secret in any execution data, error or n8n log of the whole run', async (ctx) => {
		const executions = await ctx.n8n.executions({ includeData: true, max: 20_000 });
		assert.ok(executions.length >= 50, `only ${executions.length} executions to check`);
		let runData = JSON.stringify(executions.map((e) => ({ id: e.id, status: e.status, data: e.data })));
		// Token → Get Many lists the Optimizer's RAO tokens: their uids are its output by design
		const raoToken = ctx.secrets.find(([label]) => label === 'RAO token')?.[1];
		const listed = raoToken ? runData.split(`"tokenUid":"${raoToken}"`).length - 1 : 0;
		if (listed) runData = runData.split(`"tokenUid":"${raoToken}"`).join('"tokenUid":"[listed by Token → Get Many]"');
		const snapshots = JSON.stringify(executions.map((e) => e.workflowData));
		assert.ok(runData.includes('Service temporarily unavailable') || runData.includes('"error"'), 'the run data read is not the real one');
		const sources = [['execution run data', runData]];
		for (const file of ctx.logFiles) {
			if (fs.existsSync(file)) sources.push([`n8n log ${path.basename(file)}`, fs.readFileSync(file, 'utf8')]);
		}
		assert.ok(sources.length >= 2, 'no n8n log to check');
		const leaks = [];
		for (const [what, text] of sources) {
			for (const [label, secret] of ctx.secrets) if (containsSecret(text, secret)) leaks.push(`${label} in ${what}`);
		}
		const inSnapshots = ctx.secrets.filter(([, secret]) => containsSecret(snapshots, secret)).map(([label]) => label);
		ctx.secretsReport = { executions: executions.length, logs: sources.length - 1, inSnapshots, listedTokens: listed };
		console.log(
			`    checked ${executions.length} executions and ${sources.length - 1} log files for ${ctx.secrets.length} secrets` +
				(listed ? `; the RAO token is the output of Token → Get Many ${listed} time(s) (listing tokens is that operation's purpose)` : '') +
				(inSnapshots.length ? `; in the workflow snapshots (node parameters, by design): ${inSnapshots.join(', ')}` : ''),
		);
		assert.deepEqual(leaks, [], `secrets found: ${leaks.join('; ')}`);
		const credentialSecrets = inSnapshots.filter((label) => /RAO|billing/.test(label));
		assert.deepEqual(credentialSecrets, [], 'credential secrets in workflow snapshots');
	});
}

module.exports = { register };
