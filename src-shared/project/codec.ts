/**
 * Byte compression used by the array encoding (./arrays.ts). Not implemented in src-shared (no
 * zlib in the renderer): main supplies raw DEFLATE (RFC 1951) from node:zlib
 * (src-main/services/project-codec.ts). Without a codec, arrays are written uncompressed and a file
 * holding compressed arrays cannot be read.
 */
export interface ByteCodec {
  /** Raw DEFLATE (RFC 1951, no zlib/gzip header) of `bytes`. */
  deflate(bytes: Uint8Array): Uint8Array;
  /**
   * Inflates raw DEFLATE data that must hold exactly `outputBytes` bytes. Must never produce more
   * than `outputBytes` (a decompression bomb stops there); may throw on corrupt or short data.
   */
  inflate(bytes: Uint8Array, outputBytes: number): Uint8Array;
}
