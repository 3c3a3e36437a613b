'use strict';
/**
 * PDF and PKCS#7 placeholders produced by the simulator: the service contract, signed PDFs
 * (original bytes + an incremental update carrying a signature dictionary) and the `.p7m` of the
 * hash flow. None of this is cryptographically meaningful; it is only recognisable.
 */
const { createHash } = require('node:crypto');

/** Marks the simulator's signature in a signed PDF; the `.p7m` carries it too. */
const SIGNED_COMMENT = '% Signed by Uanataca One-Shot Simulator';

/** @param {Buffer} data */
function isPdf(data) {
	return data.length >= 5 && data.subarray(0, 5).toString('latin1') === '%PDF-';
}

/** @param {Buffer} data */
function isJpeg(data) {
	return data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
}

/** @param {Buffer} data */
function isPng(data) {
	return (
		data.length >= 8 &&
		data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
	);
}

/** @param {Buffer | string} data */
function sha256Hex(data) {
	return createHash('sha256').update(data).digest('hex');
}

/**
 * PDF date string `D:YYYYMMDDHHmmSSZ`.
 * @param {Date} d
 */
function pdfDate(d) {
	const p = (n) => String(n).padStart(2, '0');
	return (
		`D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}` +
		`${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`
	);
}

/**
 * A PDF text string: literal `( )` for printable ASCII, UTF-16BE hex otherwise.
 * @param {string} s
 */
function pdfString(s) {
	if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/([\\()])/g, '\\$1')})`;
	const utf16 = Buffer.from(s, 'utf16le');
	utf16.swap16();
	return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

/**
 * Text for a Helvetica content stream (WinAnsi ~ latin1; other characters become '?').
 * @param {string} s
 */
function contentText(s) {
	const latin = s.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
	return `(${latin.replace(/([\\()])/g, '\\$1')})`;
}

/**
 * Builds a one-page PDF with the given text lines and a correct xref table.
 * @param {string[]} lines The first line is the heading.
 * @param {string} title
 * @returns {Buffer}
 */
function buildPdf(lines, title) {
	const stream =
		'BT\n/F1 18 Tf\n72 770 Td\n' +
		lines
			.map((l, i) =>
				i === 0
					? `${contentText(l)} Tj\n/F1 11 Tf\n0 -20 Td\n`
					: `${contentText(l)} Tj\n0 -16 Td\n`,
			)
			.join('') +
		'ET\n';
	const streamBytes = Buffer.from(stream, 'latin1');
	// Objects 1 to 6; null marks the content stream (object 5), written with its bytes below.
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
		null,
		`<< /Title ${pdfString(title)} /Producer (Uanataca One-Shot Simulator) /CreationDate (${pdfDate(new Date())}) >>`,
	];
	const chunks = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
	let offset = chunks[0].length;
	const offsets = [];
	objects.forEach((obj, i) => {
		offsets.push(offset);
		const body =
			obj === null
				? Buffer.concat([
						Buffer.from(`${i + 1} 0 obj\n<< /Length ${streamBytes.length} >>\nstream\n`, 'latin1'),
						streamBytes,
						Buffer.from('endstream\nendobj\n', 'latin1'),
					])
				: Buffer.from(`${i + 1} 0 obj\n${obj}\nendobj\n`, 'latin1');
		chunks.push(body);
		offset += body.length;
	});
	const xref =
		`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
		offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
		`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
	chunks.push(Buffer.from(xref, 'latin1'));
	return Buffer.concat(chunks);
}

/**
 * The service contract of a request (`GET /contract/{pk}`), naming the signer.
 * @param {{ pk: number, signerName: string, serialNumber: string, email: string, mobile: string,
 *   profile: string, registrationAuthority: number }} info
 */
function buildContract(info) {
	return buildPdf(
		[
			'Service contract',
			'Uanataca One-Shot single-use certificate - terms and conditions (simulated)',
			`Request: ${info.pk}`,
			`Signer: ${info.signerName}`,
			`ID document: ${info.serialNumber}`,
			`E-mail: ${info.email}`,
			`Mobile phone: ${info.mobile}`,
			`Profile: ${info.profile}`,
			`Registration authority: ${info.registrationAuthority}`,
			'The signer accepts the issuance of a one-shot certificate used once to sign the',
			'documents of this request. This contract is signed together with the documents.',
		],
		`Service contract - request ${info.pk}`,
	);
}

/**
 * Reads the last `startxref`, trailer `/Size` and `/Root` of a PDF (best effort).
 * @param {Buffer} original
 */
function pdfTail(original) {
	const tail = original.subarray(Math.max(0, original.length - 65536)).toString('latin1');
	const sx = [...tail.matchAll(/startxref\s+(\d+)/g)].pop();
	const size = [...tail.matchAll(/\/Size\s+(\d+)/g)].pop();
	const root = [...tail.matchAll(/\/Root\s+(\d+\s+\d+\s+R)/g)].pop();
	return {
		startxref: sx ? Number(sx[1]) : undefined,
		size: size ? Number(size[1]) : undefined,
		root: root ? root[1] : undefined,
	};
}

/**
 * Appends an incremental update with a `/Type /Sig` dictionary whose `/Contents` is the SHA-256
 * of the original bytes.
 * @param {Buffer} original
 * @param {{ signerName: string, date: Date, reason?: string, location?: string }} info
 * @returns {Buffer}
 */
function signPdf(original, info) {
	const tail = pdfTail(original);
	const objNum = tail.size && tail.size > 0 ? tail.size : 9000;
	const digest = sha256Hex(original).toUpperCase();
	const needsNewline = original.length > 0 && original[original.length - 1] !== 0x0a;
	const head = (needsNewline ? '\n' : '') + `${SIGNED_COMMENT}\n`;
	const obj =
		`${objNum} 0 obj\n` +
		`<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n` +
		`/Name ${pdfString(info.signerName)}\n/M (${pdfDate(info.date)})\n` +
		`/Reason ${pdfString(info.reason ?? 'One-Shot signature')}\n` +
		(info.location ? `/Location ${pdfString(info.location)}\n` : '') +
		`/Contents <${digest}> >>\nendobj\n`;
	const headBytes = Buffer.from(head, 'latin1');
	const objOffset = original.length + headBytes.length;
	const objBytes = Buffer.from(obj, 'latin1');
	const xrefOffset = objOffset + objBytes.length;
	const trailerEntries = [`/Size ${objNum + 1}`];
	if (tail.root) trailerEntries.push(`/Root ${tail.root}`);
	if (tail.startxref !== undefined) trailerEntries.push(`/Prev ${tail.startxref}`);
	const xref =
		`xref\n0 1\n0000000000 65535 f \n${objNum} 1\n${String(objOffset).padStart(10, '0')} 00000 n \n` +
		`trailer\n<< ${trailerEntries.join(' ')} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
	return Buffer.concat([original, headBytes, objBytes, Buffer.from(xref, 'latin1')]);
}

// --- minimal DER encoding for the .p7m placeholder -------------------------------------------

/** @param {number} n */
function derLength(n) {
	if (n < 0x80) return Buffer.from([n]);
	const bytes = [];
	while (n > 0) {
		bytes.unshift(n & 0xff);
		n = Math.floor(n / 256);
	}
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/**
 * @param {number} tag
 * @param {Buffer} content
 */
function der(tag, content) {
	return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

const OID_SIGNED_DATA = Buffer.from([
	0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
]);
const OID_SHA256 = Buffer.from([0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]);

/**
 * A DER-shaped CMS SignedData placeholder (`30 82 ...`) carrying the message digest, the signer
 * name and a zero-filled "signature value". Not a valid signature.
 * @param {Buffer} digest
 * @param {string} signerName
 * @param {Date} date
 * @returns {Buffer}
 */
function buildP7m(digest, signerName, date) {
	const content = Buffer.concat([
		der(0x02, Buffer.from([0x01])),
		der(0x31, der(0x30, Buffer.concat([OID_SHA256, Buffer.from([0x05, 0x00])]))),
		der(0x04, digest),
		der(0x0c, Buffer.from(signerName, 'utf8')),
		der(0x18, Buffer.from(pdfDate(date).slice(2), 'latin1')),
		der(0x0c, Buffer.from(SIGNED_COMMENT.slice(2), 'utf8')),
		der(0x04, Buffer.alloc(256)),
	]);
	return der(0x30, Buffer.concat([OID_SIGNED_DATA, der(0xa0, der(0x30, content))]));
}

module.exports = {
	SIGNED_COMMENT,
	isPdf,
	isJpeg,
	isPng,
	sha256Hex,
	pdfDate,
	pdfString,
	buildPdf,
	buildContract,
	signPdf,
	buildP7m,
};
