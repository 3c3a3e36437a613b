'use strict';
/**
 * Minimal multipart/form-data parser (RFC 7578) working on a fully buffered body.
 */

/**
 * @typedef {object} Part
 * @property {string} name Field name.
 * @property {string} [filename] Set for file parts.
 * @property {string} [contentType]
 * @property {Buffer} data
 */

/**
 * @typedef {object} Form
 * @property {Record<string, string>} fields Text fields (last value wins).
 * @property {Part[]} files Parts with a filename.
 * @property {Part[]} parts Every part, in order.
 */

class MultipartError extends Error {}

/** @param {string | undefined} contentType */
function getBoundary(contentType) {
	if (!contentType || !/^multipart\/form-data/i.test(contentType.trim())) return undefined;
	const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * Reads `name` and `filename` (or `filename*`) from a Content-Disposition header value.
 * @param {string} value
 * @returns {{ name?: string, filename?: string }}
 */
function parseDisposition(value) {
	const out = {};
	const re = /;\s*([a-zA-Z*]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
	let m;
	let extended;
	while ((m = re.exec(value)) !== null) {
		const key = m[1].toLowerCase();
		const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
		if (key === 'name') out.name = raw;
		else if (key === 'filename') out.filename = raw;
		else if (key === 'filename*') extended = raw;
	}
	if (extended !== undefined) {
		const em = /^([^']*)'[^']*'(.*)$/.exec(extended);
		if (em) {
			try {
				out.filename = decodeURIComponent(em[2]);
			} catch {
				// keep the plain filename
			}
		}
	}
	if (out.filename !== undefined && /[\u0080-\u00ff]/.test(out.filename)) {
		// Raw UTF-8 bytes decoded as latin1 by the header reader: recover them.
		const recovered = Buffer.from(out.filename, 'latin1').toString('utf8');
		if (!recovered.includes('\ufffd')) out.filename = recovered;
	}
	return out;
}

/**
 * @param {Buffer} body
 * @param {string} boundary
 * @returns {Part[]}
 */
function parseMultipart(body, boundary) {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts = [];
	let pos = body.indexOf(delimiter);
	if (pos < 0) throw new MultipartError('boundary not found');
	for (;;) {
		pos += delimiter.length;
		// "--" after a delimiter closes the body.
		if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
		// Skip transport padding and the CRLF after the delimiter.
		while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
		if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
		else if (body[pos] === 0x0a) pos += 1;
		else throw new MultipartError('malformed delimiter');
		let headerEnd = body.indexOf('\r\n\r\n', pos, 'latin1');
		let sepLen = 4;
		if (headerEnd < 0) {
			headerEnd = body.indexOf('\n\n', pos, 'latin1');
			sepLen = 2;
		}
		if (headerEnd < 0) throw new MultipartError('part headers not terminated');
		const headerText = body.subarray(pos, headerEnd).toString('latin1');
		const dataStart = headerEnd + sepLen;
		const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), dataStart);
		if (next < 0) throw new MultipartError('closing boundary not found');
		const headers = {};
		for (const line of headerText.split(/\r?\n/)) {
			const idx = line.indexOf(':');
			if (idx > 0) headers[line.slice(0, idx).trim().toLowerCase()] = line.slice(idx + 1).trim();
		}
		const disp = parseDisposition(headers['content-disposition'] ?? '');
		if (disp.name === undefined) throw new MultipartError('part without a name');
		parts.push({
			name: disp.name,
			filename: disp.filename,
			contentType: headers['content-type'],
			data: body.subarray(dataStart, next),
		});
		pos = next + 2;
	}
	return parts;
}

/**
 * Splits parts into text fields (last value wins) and file parts (those with a filename).
 * @param {Part[]} parts
 * @returns {Form}
 */
function toForm(parts) {
	const fields = {};
	const files = [];
	for (const p of parts) {
		if (p.filename !== undefined) files.push(p);
		else fields[p.name] = p.data.toString('utf8');
	}
	return { fields, files, parts };
}

/**
 * Parses application/x-www-form-urlencoded too (curl -d), for forgiving clients.
 * @param {Buffer} body
 * @returns {Form}
 */
function parseUrlEncoded(body) {
	const fields = {};
	for (const [k, v] of new URLSearchParams(body.toString('utf8'))) fields[k] = v;
	return { fields, files: [], parts: [] };
}

module.exports = { MultipartError, getBoundary, parseMultipart, toForm, parseUrlEncoded };
