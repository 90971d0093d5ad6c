/** A multipart/form-data body with one file field, for app.inject. */
export function multipart(filename: string, content: Uint8Array | string, contentType = 'application/octet-stream') {
  const boundary = '----renkeitestupload';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, Buffer.from(content), tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
