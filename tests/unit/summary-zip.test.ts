import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { inflateRawSync } from 'node:zlib'
import { readZip, writeZip } from '../../server/summary/zip.js'

describe('the Word file\'s ZIP', () => {
  it('gives back every entry, in order, byte for byte', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), fc.uint8Array({ maxLength: 2000 })), {
          selector: ([name]) => name,
          maxLength: 8,
        }),
        (files) => {
          const entries = files.filter(([name]) => !name.endsWith('/')).map(([name, data]): [string, Buffer] => [name, Buffer.from(data)])
          expect(readZip(writeZip(entries))).toEqual(entries)
        },
      ),
    )
  })

  it('writes UTF-8 names and deflated data a standard reader can inflate', () => {
    const zip = writeZip([['word/document.xml', Buffer.from('<w:t>ცხელი ხაზი</w:t>')]])
    expect(zip.readUInt32LE(0)).toBe(0x04034b50)
    expect(zip.readUInt16LE(6) & 0x0800).toBe(0x0800)
    expect(zip.readUInt16LE(8)).toBe(8)
    const nameLength = zip.readUInt16LE(26)
    expect(zip.subarray(30, 30 + nameLength).toString()).toBe('word/document.xml')
    const data = zip.subarray(30 + nameLength, 30 + nameLength + zip.readUInt32LE(18))
    expect(inflateRawSync(data).toString()).toBe('<w:t>ცხელი ხაზი</w:t>')
  })

  it('refuses what is not a ZIP', () => {
    expect(() => readZip(Buffer.from('not a zip at all, just some words'))).toThrow(/not a ZIP/)
  })
})
