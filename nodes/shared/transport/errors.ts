/**
 * Turning the Optimizer's error answers and network failures into errors a non-developer can act
 * on, with secrets removed.
 * The current Optimizer's error envelope is not public (docs/optimizer-api.md#envelopes-and-errors), so every
 * plausible shape is read: legacy `{status, details}`, `{status:'error', message}`, FastAPI
 * `{detail: '...'}` and `{detail: [{loc, msg}]}`, plain text, HTML from a proxy.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redact } from '../secrets';
import { credentialFieldProblem } from './fields';
import type { OneShotContext } from './credentials';

const MAX_TEXT = 300;

function shorten(text: string): string {
	const oneLine = text.replace(/\s+/g, ' ').trim();
	return oneLine.length > MAX_TEXT ? `${oneLine.slice(0, MAX_TEXT)}…` : oneLine;
}

function fieldErrorsToText(value: unknown): string | undefined {
	if (Array.isArray(value)) {
		const parts = value
			.map((entry) => {
				if (typeof entry === 'string') return entry;
				if (entry && typeof entry === 'object') {
					const e = entry as { loc?: unknown; msg?: unknown; message?: unknown };
					const msg =
						typeof e.msg === 'string' ? e.msg : typeof e.message === 'string' ? e.message : '';
					const loc = Array.isArray(e.loc) ? e.loc.filter((l) => l !== 'body').join('.') : '';
					if (msg) return loc ? `${loc}: ${msg}` : msg;
				}
				return '';
			})
			.filter(Boolean);
		return parts.length ? parts.join('; ') : undefined;
	}
	if (value && typeof value === 'object') {
		// Django-style field errors: {"email": ["This field is required"]}
		const parts = Object.entries(value as Record<string, unknown>)
			.map(([key, v]) => {
				const text = typeof v === 'string' ? v : fieldErrorsToText(v);
				return text ? `${key}: ${text}` : '';
			})
			.filter(Boolean);
		return parts.length ? parts.join('; ') : undefined;
	}
	return undefined;
}

/** Best human-readable message found in an error body (parsed JSON, text or nothing). */
export function extractErrorMessage(body: unknown): string | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') {
		const text = body.trim();
		if (!text) return undefined;
		if (text.startsWith('{') || text.startsWith('[')) {
			try {
				return extractErrorMessage(JSON.parse(text));
			} catch {
				// not JSON after all: fall through to plain text
			}
		}
		if (/^<(!doctype|html)/i.test(text)) {
			const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
			return title ? shorten(title) : 'The server answered with an HTML page instead of the API';
		}
		return shorten(text);
	}
	if (Array.isArray(body)) return fieldErrorsToText(body);
	if (typeof body === 'object') {
		const b = body as Record<string, unknown>;
		for (const key of ['message', 'messsage', 'details', 'detail', 'error', 'msg']) {
			const value = b[key];
			if (typeof value === 'string' && value.trim()) return shorten(value);
			if (value && typeof value === 'object') {
				const nested =
					extractErrorMessage(
						(value as Record<string, unknown>).message ?? (value as Record<string, unknown>).msg,
					) ?? fieldErrorsToText(value);
				if (nested) return shorten(nested);
			}
		}
		if (typeof b.status === 'string' && !/^(success|ok)$/i.test(b.status)) return shorten(b.status);
	}
	return undefined;
}

interface HintRule {
	test: (message: string, status: number) => boolean;
	hint: string;
}

const HINTS: HintRule[] = [
	{
		test: (m) =>
			/confirmation code invalid|invalid (otp|code|secret)|otp.*(expired|invalid)/i.test(m),
		hint: 'The code is wrong or has expired. Ask the signer for the latest code they received, or generate a new OTP (at most one per minute) and try again.',
	},
	{
		test: (m) => /less than a minute/i.test(m),
		hint: 'An OTP was already sent to the signer less than a minute ago; that code is still valid. Wait a minute before asking for a new one.',
	},
	{
		test: (m) => /already in issued status|already signed/i.test(m),
		hint: 'This request is already signed: a request can be signed only once. Download the signed documents instead.',
	},
	{
		test: (m) => /image file type not supported/i.test(m),
		hint: 'The image format is not accepted: signature images must be PNG, ID document photos JPEG or PNG. Convert the file first, e.g. with an "Edit Image" node.',
	},
	{
		test: (m, s) => s === 415 || /unsupported file type|file type not supported/i.test(m),
		hint: 'Only PDF documents can be signed (or a JSON hash file in Hash mode); Video ID videos must be MP4. Convert the file first, e.g. with a "Convert to File" step.',
	},
	{
		test: (m) => /videoid not enabled|video ?id is not enabled/i.test(m),
		hint: 'Video ID is not enabled for your registration authority. Ask Uanataca to enable it, or identify the signer with the classic flow (Signature Request → Create).',
	},
	{
		test: (m) => /registration authority not found/i.test(m),
		hint: 'Check "Registration Authority" in the credential (or its override): it must be the number Uanataca gave you.',
	},
	{
		test: (m) => /no reason specified/i.test(m),
		hint: 'Fill in "Reason": a refused Video ID must say why.',
	},
	{
		test: (m) => /not ready for approval|not in videoreview/i.test(m),
		hint: 'The Video ID is not complete yet: the signer must finish the video call (status VIDEOREVIEW), or upload both the evidences and the video first.',
	},
	{
		test: (m) => /image .*(cannot be found|not found)|image with uid/i.test(m),
		hint: 'No signature image with this UID exists on the Optimizer. Upload it with Image → Upload and use the imageUid it returns.',
	},
	{
		test: (m) => /missing required parameter '?(position|page)'?/i.test(m),
		hint: 'Every document with a visible signature needs a position and a page: check "Signature Position", "Page" and "Placement per Document".',
	},
	{
		test: (m) => /ext_unlock|external authentication/i.test(m),
		hint: 'Check "External Authentication Type" and "External Authentication ID" of Sign: both are needed for external authentication.',
	},
	{
		test: (m) => /no documents found/i.test(m),
		hint: 'This request has no documents on the Optimizer: none were uploaded yet, or all were deleted.',
	},
	{
		test: (m) => /maximum number of document|maximum of \d+ documents/i.test(m),
		hint: 'Too many documents for this request. Upload at most 10 per call and fewer documents in total.',
	},
	{
		test: (m) => /invalid request status/i.test(m),
		hint: 'The request is not ready for this step: it must be approved (ENROLLREADY) and not signed yet.',
	},
	{
		test: (m) => /billing|remaining credit/i.test(m),
		hint: 'Check "Billing Username" and "Billing Password" in the credential (type the password as it is; the node encodes it in Base64), or configure billing on the Optimizer.',
	},
	{
		test: (m) => /rao|permission to perform/i.test(m),
		hint: 'Check the RAO token, or the RAO username, password and PIN, in the credential.',
	},
	{
		test: (m) => /\benv\b|environment/i.test(m),
		hint: 'Check "Environment" in the credential (sandbox or prod).',
	},
	{
		test: (m) => /international prefix/i.test(m),
		hint: 'Write the mobile phone number with its country prefix, e.g. +34600123123.',
	},
	{
		test: (m) => /certificate/i.test(m),
		hint: 'The Optimizer cannot reach Uanataca with its certificates. Ask the Optimizer administrator to check them.',
	},
	{
		test: (_m, s) => s >= 300 && s < 400,
		hint: 'The Optimizer address answered with a redirect, which calls carrying passwords never follow. Set "Optimizer URL" in the credential to the final address (often https:// instead of http://).',
	},
	{
		test: (m, s) => s === 404 && /token/i.test(m),
		hint: 'No RAO token with this ID exists on this Optimizer. List the tokens to find the right one.',
	},
	{
		test: (m, s) => s === 404 && /document/i.test(m) && !/request .* not found/i.test(m),
		hint: 'No document with this UID exists for this request. Use the UID returned by Upload; a signed copy exists only once signing has completed.',
	},
	{
		test: (m, s) => s === 404 && /request/i.test(m),
		hint: 'No signature request with this number exists on this Optimizer. Use the requestPk returned by Create.',
	},
	{
		test: (_m, s) => s === 404,
		hint: 'The Optimizer does not know this address. Check "Optimizer URL" and "API Generation" in the credential.',
	},
	{
		test: (_m, s) => s === 429,
		hint: 'The Optimizer is receiving too many calls. Wait a little and run again, or process fewer items at once.',
	},
	{
		test: (_m, s) => s === 401 || s === 407,
		hint: 'Something in front of the Optimizer (a proxy or firewall) asks for authentication. Ask your administrator.',
	},
	{
		test: (_m, s) => s >= 500,
		hint: 'The Optimizer had an internal problem. Try again later; if it persists, ask the Optimizer administrator to check its logs.',
	},
];

export function hintFor(message: string, status: number): string | undefined {
	return HINTS.find((rule) => rule.test(message, status))?.hint;
}

export interface NetworkFailure {
	code?: string;
	message: string;
}

export function describeNetworkError(
	error: NetworkFailure,
	url: string,
): { message: string; hint: string } {
	const code = error.code ?? '';
	const host = (() => {
		try {
			return new URL(url).host;
		} catch {
			return url;
		}
	})();
	if (code === 'ECONNREFUSED') {
		return {
			message: `Could not connect to the Optimizer at ${host} (connection refused)`,
			hint: 'Check "Optimizer URL" in the credential and that the Optimizer is running.',
		};
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return {
			message: `The Optimizer address ${host} could not be found`,
			hint: 'Check "Optimizer URL" in the credential for typos.',
		};
	}
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(error.message)) {
		return {
			message: `The Optimizer at ${host} did not answer in time`,
			hint: 'The Optimizer may be busy. Try again later, or raise the timeout of this operation.',
		};
	}
	if (/certificate|self.signed|SSL|TLS/i.test(`${code} ${error.message}`)) {
		return {
			message: `The Optimizer's TLS certificate at ${host} is not trusted`,
			hint: 'Use a valid certificate on the Optimizer, or turn on "Ignore SSL Issues" in the credential for a test installation.',
		};
	}
	// the code goes in the hint: n8n replaces messages that contain a known error code
	return {
		message: `The connection to the Optimizer at ${host} failed`,
		hint: `Check the network between n8n and the Optimizer.${code ? ` (Technical code: ${code}.)` : ''}`,
	};
}

/** A call that got no answer: what failed, where, and whether it may have taken effect. */
export function networkError(
	node: INode,
	args: {
		failure: NetworkFailure;
		target: string;
		idempotent: boolean;
		secrets: string[];
		itemIndex?: number;
	},
): NodeApiError {
	const { failure, target, idempotent, secrets, itemIndex } = args;
	const described = describeNetworkError(failure, target);
	const mayHaveHappened =
		!idempotent && failure.code !== 'ECONNREFUSED' && failure.code !== 'ENOTFOUND';
	return new NodeApiError(node, { message: described.message } as JsonObject, {
		message: redact(described.message, secrets),
		description: redact(
			mayHaveHappened
				? `${described.hint} The connection broke before the Optimizer answered, so this call may or may not have taken effect: check before running it again (it is not retried automatically).`
				: described.hint,
			secrets,
		),
		itemIndex,
	});
}

/** An error answer of the Optimizer: its own message, the HTTP code and a hint. */
export function apiAnswerError(
	node: INode,
	args: { status: number; parsed: unknown; secrets: string[]; itemIndex?: number },
): NodeApiError {
	const { status, parsed, secrets, itemIndex } = args;
	const optimizerMessage = extractErrorMessage(parsed);
	const message = redact(
		optimizerMessage ?? `The Optimizer answered with HTTP ${status} and no explanation`,
		secrets,
	);
	const field = credentialFieldProblem(message);
	const hint = field?.hint ?? hintFor(message, status);
	return new NodeApiError(node, { message, httpCode: String(status) } as JsonObject, {
		message: field?.message ?? message,
		description: hint,
		httpCode: String(status),
		itemIndex,
	});
}

/** A clear error for an answer whose shape we could not understand. */
export function unexpectedAnswer(
	this: OneShotContext,
	what: string,
	body: unknown,
	secrets: string[],
	itemIndex?: number,
) {
	let shown: string;
	try {
		shown = typeof body === 'string' ? body : JSON.stringify(body);
	} catch {
		shown = String(body);
	}
	shown = redact(shown ?? 'nothing', secrets);
	if (shown.length > 300) shown = `${shown.slice(0, 300)}…`;
	return new NodeApiError(
		this.getNode(),
		{ message: `Unexpected answer from the Optimizer: ${what}` } as JsonObject,
		{
			message: `Unexpected answer from the Optimizer: ${what}`,
			description: `The Optimizer answered: ${shown}. Check that "API Generation" in the credential matches your Optimizer; if it does, please report this answer to the package maintainers.`,
			itemIndex,
		},
	);
}
