/**
 * The summary credits people without a device: a proposal the Gori host wrote for Nino says so
 * in its source, and the round's notes say Nino contributed — in the data and in every download.
 */
import { describe, expect, it } from 'vitest'
import { buildSummary } from '../../shared/summary/build.js'
import { summaryMarkdown } from '../../shared/summary/markdown.js'
import { summaryHtml } from '../../shared/summary/html.js'
import { proposalsCsv } from '../../shared/summary/csv.js'
import { noteKey, type SummaryInput } from '../../shared/summary/summary.js'
import { summaryDocx } from '../../server/summary/docx.js'
import { readZip } from '../../server/summary/zip.js'
import { anonymiseSummary } from '../../shared/summary/anonymise.js'
import { fixtureCafe, fixtureInput } from './summary-fixture.js'

/** The fixture café with Nino, added without a device at Gori (table 3), and Levan, who has a phone there. */
function inputWithNino(credits: SummaryInput['credits']): SummaryInput {
  const cafe = fixtureCafe()
  cafe.people.nino = { id: 'nino', name: 'Nino Kapanadze', country: 'Georgia', withoutDevice: true, joinedAt: cafe.createdAt }
  cafe.people.levan = { id: 'levan', name: 'Levan', country: 'Georgia', joinedAt: cafe.createdAt }
  cafe.seating.nino = 2
  cafe.seating.levan = 2
  return fixtureInput({ cafe, ...(credits ? { credits } : {}) })
}

const credited = () =>
  inputWithNino({
    proposals: { '2:c': ['nino', 'nino'] },
    notes: { [noteKey(2, 1)]: ['nino', 'ghost', 'levan'] },
  })

describe('the summary credits the people a host wrote for', () => {
  it("a proposal's source names whom it was written for, and the round's notes whose words they hold", () => {
    const summary = buildSummary(credited())
    const source = summary.proposals.flatMap((p) => p.sources).find((s) => s.proposalKey === '2:c')!
    expect(source.authors).toEqual(['Rashad Aliyev'])
    expect(source.writtenFor).toEqual([{ name: 'Nino Kapanadze', withoutDevice: true }])
    const gori = summary.tables[2]!
    // Unknown ids are left out; someone with a phone is credited without the mark.
    expect(gori.rounds[0]!.contributors).toEqual([
      { name: 'Nino Kapanadze', withoutDevice: true },
      { name: 'Levan', withoutDevice: false },
    ])
    expect(gori.rounds[1]).not.toHaveProperty('contributors')
    expect(summary.tables[0]!.rounds[0]).not.toHaveProperty('contributors')
  })

  it('without credits nothing changes: no field appears', () => {
    const plain = buildSummary(fixtureInput())
    expect(buildSummary(inputWithNino(undefined)).tables).toEqual(plain.tables)
    expect(JSON.stringify(plain)).not.toContain('writtenFor')
    expect(JSON.stringify(plain)).not.toContain('contributors')
  })

  it('Markdown, HTML and CSV say who it was written for, and with whose contributions', async () => {
    const summary = buildSummary(credited())
    const line = 'Table 3 Gori, round 1, written by Rashad Aliyev for Nino Kapanadze (without a device)'
    const notes = 'With contributions from Nino Kapanadze (without a device), Levan'
    const markdown = summaryMarkdown(summary)
    expect(markdown).toContain(line)
    expect(markdown).toContain(`*${notes}*`)
    const html = summaryHtml(summary)
    expect(html).toContain(line)
    expect(html).toContain(notes)
    const csv = proposalsCsv(summary)
    expect(csv).toContain(line)
    expect(csv).toContain('for Nino Kapanadze (without a device)')
    const docx = readZip(await summaryDocx(summary))
    const document = docx.find(([name]) => name === 'word/document.xml')![1].toString()
    expect(document).toContain(line)
    expect(document).toContain(notes)
  })

  it('without personal names, Nino is credited by country: her name is in no string of the summary', () => {
    const input = credited()
    const anonymous = anonymiseSummary(buildSummary(input), Object.values(input.cafe.people))
    const json = JSON.stringify(anonymous)
    expect(json).not.toContain('Nino Kapanadze')
    expect(anonymous.tables[2]!.rounds[0]!.contributors).toEqual([
      { name: 'Georgia', withoutDevice: true },
      { name: 'Georgia', withoutDevice: false },
    ])
  })
})
