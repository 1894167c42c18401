/**
 * Bytes of an imported text file as a string, whatever the exporter did with encodings. Pure (no
 * TextDecoder: shared/ has no DOM or Node types), so the server and the CLI decode the same way.
 *
 * - a UTF-8 byte order mark is stripped;
 * - UTF-16 LE or BE is decoded when its byte order mark says so;
 * - otherwise the bytes must be valid UTF-8; if not, they are read as Latin-1 (ISO-8859-1, which
 *   every byte sequence is) and a warning says so, since that is what old Windows/Mac editors wrote.
 */
export interface DecodedText {
  text: string
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'latin-1'
  warning?: string
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = decodeUtf8(bytes.subarray(3))
    if (text !== null) return { text, encoding: 'utf-8-bom' }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeUtf16(bytes.subarray(2), true), encoding: 'utf-16le' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeUtf16(bytes.subarray(2), false), encoding: 'utf-16be' }
  const text = decodeUtf8(bytes)
  if (text !== null) return { text, encoding: 'utf-8' }
  return { text: decodeLatin1(bytes), encoding: 'latin-1', warning: 'not valid UTF-8: read as Latin-1 (ISO-8859-1); check accented characters' }
}

/** UTF-16 code units as a string, in slices (String.fromCharCode(...units) has an argument-count limit). */
function fromUnits(units: ArrayLike<number>): string {
  let out = ''
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...Array.prototype.slice.call(units, i, i + 8192))
  return out
}

/** UTF-8 lead bytes: [first, last, payload mask, continuation bytes, smallest code point] (no overlongs). */
const LEADS: readonly (readonly [number, number, number, number, number])[] = [
  [0xc2, 0xdf, 0x1f, 1, 0x80],
  [0xe0, 0xef, 0x0f, 2, 0x800],
  [0xf0, 0xf4, 0x07, 3, 0x10000],
]

/** Strict UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF), else null. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  const units: number[] = []
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!
    if (b < 0x80) {
      units.push(b)
      i++
      continue
    }
    const lead = LEADS.find(([first, last]) => b >= first && b <= last)
    if (!lead) return null
    const [, , mask, need, min] = lead
    let cp = b & mask
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return null
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null
    i += need + 1
    if (cp > 0xffff) {
      cp -= 0x10000
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff))
    } else units.push(cp)
  }
  return fromUnits(units)
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  const units = new Uint16Array(bytes.length >> 1)
  for (let i = 0; i < units.length; i++) units[i] = littleEndian ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : (bytes[2 * i]! << 8) | bytes[2 * i + 1]!
  return fromUnits(units)
}

const decodeLatin1 = (bytes: Uint8Array): string => fromUnits(bytes)
