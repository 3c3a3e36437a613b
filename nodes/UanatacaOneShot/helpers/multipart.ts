/**
 * A dependency-free multipart/form-data body builder (the `form-data` package is not allowed in
 * community nodes that want verification). Field values are UTF-8; file names are escaped the
 * way browsers do it (RFC 7578 section 4.2).
 */
import { randomBytes } from 'crypto';

export interface MultipartFile {
	name: string;
	fileName: string;
	contentType: string;
	data: Buffer;
}

export interface MultipartBody {
	fields: Array<[string, string]>;
	files: MultipartFile[];
}

function escapeQuoted(value: string): string {
	return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

export function buildMultipart(
	body: MultipartBody,
	boundary?: string,
): { contentType: string; data: Buffer } {
	const mark = boundary ?? `----n8nUanatacaOneShot${randomBytes(12).toString('hex')}`;
	const chunks: Buffer[] = [];
	for (const [name, value] of body.fields) {
		chunks.push(
			Buffer.from(
				`--${mark}\r\nContent-Disposition: form-data; name="${escapeQuoted(name)}"\r\n\r\n${value}\r\n`,
				'utf8',
			),
		);
	}
	for (const file of body.files) {
		chunks.push(
			Buffer.from(
				`--${mark}\r\nContent-Disposition: form-data; name="${escapeQuoted(file.name)}"; filename="${escapeQuoted(file.fileName)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
				'utf8',
			),
			file.data,
			Buffer.from('\r\n', 'utf8'),
		);
	}
	chunks.push(Buffer.from(`--${mark}--\r\n`, 'utf8'));
	return { contentType: `multipart/form-data; boundary=${mark}`, data: Buffer.concat(chunks) };
}
