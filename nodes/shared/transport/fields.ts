/**
 * When the Optimizer refuses a call because of one of the fields the credential supplies, the
 * error names that field as the user sees it and says where to fill it, whatever the shape of the
 * answer: FastAPI `{"detail":[{"loc":["body","registration_authority"],"msg":"field required"}]}`
 * (read as "registration_authority: field required"), the legacy "Missing parameter: profile
 * required" and "Invalid request fields: registration_authority", "Environment test does not
 * exist" (docs/optimizer-api.md#envelopes-and-errors).
 */

interface CredentialField {
	/** How the Optimizer's answers name it. */
	pattern: RegExp;
	label: string;
	fix: string;
}

const OVERRIDE = 'or set it under "Override Credential Defaults" in this node';

const FIELDS: CredentialField[] = [
	{
		pattern: /\bregistration[_ ]authority\b/i,
		label: 'Registration Authority',
		fix: `Fill "Registration Authority" in the credential with the number Uanataca gave your registration authority (${OVERRIDE}).`,
	},
	{
		pattern: /\bprofile\b/i,
		label: 'Profile',
		fix: `Fill "Profile" in the credential with the certificate profile agreed with Uanataca, e.g. PFnubeQAFCiudadano (qualified) or PFnubeNC (advanced) (${OVERRIDE}).`,
	},
	{
		pattern: /\benv\b|\benvironment\b/i,
		label: 'Environment',
		fix: 'Set "Environment" in the credential to the one your Optimizer uses (Sandbox or Production), or to "Optimizer Default" to send none and let the Optimizer use its own setting (some older Optimizers call the sandbox "test").',
	},
	{
		pattern: /\bbilling_(username|password)\b/i,
		label: 'Billing Username" and "Billing Password',
		fix: 'Fill "Billing Username" and "Billing Password" in the credential (type the password as it is; the node encodes it).',
	},
	{
		pattern: /\brao(_id)?\b(?! ?credentials)/i,
		label: 'RAO ID',
		fix: 'Fill "RAO Username" in the credential (it is the RAO ID), or set "RAO ID" in this node\'s options.',
	},
];

const MISSING = /required|missing|not set|no .* specified|not specified/i;

/**
 * The Optimizer's message rewritten around the credential field it is about, or undefined when it
 * is about none of them.
 */
export function credentialFieldProblem(
	message: string,
): { message: string; hint: string } | undefined {
	// "Error getting RAO's id" is about the RAO credentials, not the RAO ID field.
	if (/rao'?s id|rao'?s credentials|permission|not enabled/i.test(message)) return undefined;
	const fields = FIELDS.filter((f) => f.pattern.test(message));
	if (fields.length === 0) return undefined;
	const labels = fields.map((f) => `"${f.label}"`).join(' and ');
	const missing = MISSING.test(message) && !/does not exist|not valid|invalid/i.test(message);
	return {
		message: missing
			? `The Optimizer needs ${labels}, and none was sent (it answered: ${message})`
			: `The Optimizer did not accept ${labels} (it answered: ${message})`,
		hint: fields.map((f) => f.fix).join(' '),
	};
}
