/**
 * Files taken from the input item's binary fields for an upload: the field must exist, the file
 * must be of the expected kind (checked on its first bytes), and a file kept in n8n's binary
 * store (filesystem, database, S3) is sent as a stream, never read whole into memory.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { peekStart } from './download';
import type { MultipartFile } from '../transport/multipart';
import { ValidationError } from '../validation';

/** Chunk size of the binary-store streams an upload is sent from. */
const STREAM_CHUNK_BYTES = 64 * 1024;
/** Enough for every check: a PDF header may come after up to 1024 bytes of junk (isPdf). */
const HEAD_BYTES = 1024;

/** Throws a message naming the fields the item does have when `property` is missing. */
export function assertBinaryField(
	this: IExecuteFunctions,
	itemIndex: number,
	property: string,
	what: string,
): void {
	const available = Object.keys(this.getInputData()[itemIndex]?.binary ?? {});
	if (available.includes(property)) return;
	throw new ValidationError(
		`The input item has no binary field "${property}"`,
		available.length
			? `Its binary fields are: ${available.join(', ')}.`
			: `The input item has no binary data at all: read or download ${what} in an earlier step.`,
	);
}

export interface BinaryFileKind {
	/** For messages, e.g. "a PDF" */
	what: string;
	/** File name when the binary has none: the field name plus this extension */
	extension: string;
	contentType: string;
	/** Whether the first bytes are of this kind */
	accepts: (head: Buffer) => boolean;
	/** The error when they are not */
	refused: (fileName: string, property: string) => ValidationError;
}

/** A binary field as the file of a multipart upload (field name `name`), checked and streamed. */
export async function binaryFile(
	this: IExecuteFunctions,
	itemIndex: number,
	property: string,
	name: string,
	kind: BinaryFileKind,
): Promise<MultipartFile> {
	assertBinaryField.call(this, itemIndex, property, kind.what);
	const meta = this.helpers.assertBinaryData(itemIndex, property);
	const fileName = meta.fileName || `${property}.${kind.extension}`;
	const file = { name, fileName, contentType: kind.contentType };
	if (meta.id) {
		const id = meta.id;
		const { fileSize } = await this.helpers.getBinaryMetadata(id);
		const probe = await this.helpers.getBinaryStream(id, HEAD_BYTES);
		let head: Buffer;
		try {
			head = await peekStart(probe, HEAD_BYTES);
		} finally {
			probe.destroy();
		}
		if (!kind.accepts(head)) throw kind.refused(fileName, property);
		const open = async () => await this.helpers.getBinaryStream(id, STREAM_CHUNK_BYTES);
		return { ...file, data: { size: fileSize, open } };
	}
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	if (!kind.accepts(data)) throw kind.refused(fileName, property);
	return { ...file, data };
}
