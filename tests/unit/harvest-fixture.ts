/**
 * A hand-made harvest for the duplicate suggestions: 66 proposals in the café's six languages, as
 * eight tables of the example café (CONTEXT.md) might write them about keeping resource centres
 * alive: the hotline, training for association chairs, funding, changes to housing law.
 *
 * Written before the matcher was, and not edited to suit it. Within a language, duplicates come
 * the way different tables write them: near-identical with typos, another keyboard (Azerbaijani
 * and Romanian without their letters, Romanian with cedillas, Ukrainian with a Latin "i"), other
 * word endings, other words. Near-misses share words but mean something else (training for
 * accountants, not chairs; the tax code, not the housing code) and must stay apart.
 *
 * `concept` is the ground truth: two proposals are duplicates exactly when their concepts are
 * equal. Across languages a concept links twins (the Georgian hotline and the Russian one), which
 * words and letters alone cannot find; those pairs are only reported, never asserted. A second,
 * held-out set (below) was written after tuning, to see how the threshold does on unseen text.
 */
import type { HarvestSource } from '../../shared/harvest/harvest-state.js'

/** One of the café's languages, as a short tag. */
export type FixtureLanguage = 'en' | 'ru' | 'uk' | 'ka' | 'az' | 'ro'

/** A proposal as the harvest sees it, with the answer the matcher should find. */
export interface FixtureProposal {
  /** `${table}:${proposalId}`, as in the harvest. */
  key: string
  table: number
  language: FixtureLanguage
  text: string
  /** Proposals with equal concepts are duplicates; a concept used once is a proposal on its own. */
  concept: string
}

const rows: Array<[number, FixtureLanguage, string, string]> = [
  // English: a same-table typo twin (fees, table 1) and a same-table near-miss (table 4).
  [0, 'en', 'hotline', 'Keep the free hotline for homeowners after the project ends'],
  [3, 'en', 'hotline', 'Keep the free hot-line for home owners running after the project ends'],
  [5, 'en', 'hotline', 'Continue the free telephone hotline for homeowners when the project is over'],
  [1, 'en', 'training-chairs', 'Regular training for chairs of homeowners associations'],
  [6, 'en', 'training-chairs', 'Regular trainings for association chairmen'],
  [2, 'en', 'training-chairs', "Train the chairs of homeowners' associations every year"],
  [4, 'en', 'municipal-budget', 'The municipality should co-finance the resource centre from the local budget'],
  [7, 'en', 'municipal-budget', 'Municipalities co-finance resource centres from local budgets'],
  [2, 'en', 'paid-hotline', 'Paid hotline consultations for management companies'],
  [5, 'en', 'training-accountants', 'Training for accountants of homeowners associations'],
  [0, 'en', 'law-loans', 'Amend the housing code so associations can take loans for repairs'],
  [1, 'en', 'membership-fee', 'Associations pay a small yearly membership fee to the resource centre'],
  [1, 'en', 'membership-fee', 'Associations pay a small yearly membership fee to the resourse centre'],
  [4, 'en', 'municipal-office', 'The municipality should give the resource centre an office for free'],

  // Russian.
  [1, 'ru', 'hotline', 'Сохранить бесплатную горячую линию для жителей после окончания проекта'],
  [4, 'ru', 'hotline', 'Сохранить бесплатную горячую линию для жильцов после завершения проекта'],
  [6, 'ru', 'hotline', 'Бесплатная горячая линия должна работать и после проекта'],
  [0, 'ru', 'training-chairs', 'Регулярное обучение председателей ТСЖ'],
  [3, 'ru', 'training-chairs', 'Регулярные обучения для председателей товариществ собственников жилья'],
  [7, 'ru', 'training-chairs', 'Регулярное обучение председатилей ТСЖ'],
  [2, 'ru', 'law-management', 'Внести изменения в жилищный кодекс об управлении многоквартирными домами'],
  [5, 'ru', 'law-management', 'Подготовить поправки в Жилищный кодекс по управлению многоквартирным домом'],
  [6, 'ru', 'law-tax', 'Внести изменения в налоговый кодекс для освобождения ТСЖ от налога на имущество'],
  [4, 'ru', 'paid-lawyer', 'Платные консультации юриста для ТСЖ'],
  [2, 'ru', 'training-accountants', 'Обучение бухгалтеров ТСЖ'],

  // Ukrainian: one hotline twin typed with Latin "i" for "і" and the old spelling "проекту".
  [0, 'uk', 'hotline', 'Зберегти безкоштовну гарячу лінію для мешканців після завершення проєкту'],
  [5, 'uk', 'hotline', 'Зберегти безкоштовну гарячу лiнiю для мешканцiв пiсля завершення проекту'],
  [7, 'uk', 'hotline', 'Гаряча лінія має працювати безкоштовно й надалі'],
  [1, 'uk', 'municipal-budget', 'Місцева влада має співфінансувати ресурсний центр з міського бюджету'],
  [3, 'uk', 'municipal-budget', 'Співфінансування ресурсних центрів з місцевих бюджетів'],
  [2, 'uk', 'training-chairs', 'Навчання голів ОСББ щороку'],
  [4, 'uk', 'training-chairs', "Щорічне навчання для голів об'єднань співвласників"],
  [6, 'uk', 'training-chairs', 'Щорічне навчання голів ОСББ'],
  [5, 'uk', 'chairs-association', 'Створити асоціацію голів ОСББ'],
  [0, 'uk', 'energy-audit', 'Платний енергоаудит будинків для ОСББ'],

  // Georgian.
  [2, 'ka', 'hotline', 'შევინარჩუნოთ უფასო ცხელი ხაზი ბინათმესაკუთრეებისთვის პროექტის დასრულების შემდეგ'],
  [5, 'ka', 'hotline', 'უფასო ცხელი ხაზი უნდა დარჩეს პროექტის დასრულების შემდეგაც'],
  [0, 'ka', 'training-chairs', 'ამხანაგობების თავმჯდომარეების რეგულარული ტრენინგები'],
  [4, 'ka', 'training-chairs', 'რეგულარული ტრენინგი ამხანაგობის თავმჯდომარეებისთვის'],
  [7, 'ka', 'training-chairs', 'ამხანაგობების თავმჯდომარეების რეგულარული ტრენინგბი'],
  [1, 'ka', 'municipal-budget', 'მუნიციპალიტეტმა რესურსცენტრი ადგილობრივი ბიუჯეტიდან დააფინანსოს'],
  [6, 'ka', 'municipal-budget', 'რესურს ცენტრის თანადაფინანსება ადგილობრივი ბიუჯეტიდან'],
  [3, 'ka', 'law-registration', 'საბინაო კანონში ცვლილებების შეტანა ამხანაგობების რეგისტრაციის შესახებ'],
  [3, 'ka', 'hotline-social', 'ცხელი ხაზის ნომრის გავრცელება სოციალურ ქსელებში'],
  [2, 'ka', 'business-sponsors', 'ადგილობრივი ბიზნესის სპონსორობა რესურსცენტრისთვის'],

  // Azerbaijani: one hotline twin typed without ə, ü, ç.
  [3, 'az', 'hotline', 'Layihə bitdikdən sonra ev sahibləri üçün pulsuz qaynar xətti saxlamaq'],
  [6, 'az', 'hotline', 'Layihe bitdikden sonra ev sahibleri ucun pulsuz qaynar xetti saxlamaq'],
  [0, 'az', 'hotline', 'Pulsuz qaynar xətt layihədən sonra da işləməlidir'],
  [1, 'az', 'training-chairs', 'Birlik sədrləri üçün müntəzəm təlimlər keçirmək'],
  [5, 'az', 'training-chairs', 'Mənzil birliklərinin sədrləri üçün mütəmadi təlim'],
  [2, 'az', 'membership-fee', 'Birliklər resurs mərkəzinə kiçik üzvlük haqqı ödəsin'],
  [7, 'az', 'membership-fee', 'Resurs mərkəzi üçün birliklərdən kiçik üzvlük haqqı'],
  [4, 'az', 'law-housing-code', 'Mənzil Məcəlləsinə dəyişikliklər təklif etmək'],
  [4, 'az', 'hotline-volunteers', 'Qaynar xətt üçün könüllülər cəlb etmək'],
  [5, 'az', 'chairs-forum', 'Birlik sədrləri üçün onlayn forum yaratmaq'],

  // Romanian: a hotline twin without diacritics, a training twin with cedillas (ş ţ).
  [4, 'ro', 'hotline', 'Păstrarea liniei telefonice gratuite pentru proprietari după încheierea proiectului'],
  [1, 'ro', 'hotline', 'Pastrarea liniei telefonice gratuite pentru proprietari dupa incheierea proiectului'],
  [2, 'ro', 'training-chairs', 'Instruiri regulate pentru președinții asociațiilor de proprietari'],
  [5, 'ro', 'training-chairs', 'Instruiri regulate pentru preşedinţii asociaţiilor de proprietari'],
  [7, 'ro', 'training-chairs', 'Cursuri anuale de formare pentru președinții de asociații'],
  [0, 'ro', 'donor-grants', 'Atragerea de granturi de la donatori internaționali pentru centrul de resurse'],
  [3, 'ro', 'donor-grants', 'Atragerea granturilor de la donatorii internaționali'],
  [6, 'ro', 'law-registration', 'Modificarea Legii condominiului pentru a simplifica înregistrarea asociațiilor'],
  [1, 'ro', 'law-registration', 'Modificarea legii condominiului: înregistrare mai simplă a asociațiilor'],
  [3, 'ro', 'law-repair-fund', 'Modificarea Legii condominiului privind fondul de reparații'],
  [4, 'ro', 'energy-audit', 'Servicii contra plată de audit energetic pentru asociații'],
]

/**
 * Written after the threshold was tuned on `rows` and never tuned on: how the matcher does on
 * proposals it has not seen. Its figures are reported, not asserted (12 pairs are too few).
 */
const heldOutRows: Array<[number, FixtureLanguage, string, string]> = [
  [0, 'en', 'hotline-evenings', 'Open the hotline in the evenings too'],
  [2, 'en', 'hotline-evenings', 'Hotline should also work in the evening'],
  [4, 'en', 'website-faq', 'A website with answers to frequent questions from homeowners'],
  [6, 'en', 'website-faq', 'Website with FAQ for homeowners'],
  [1, 'en', 'website-forum', 'A website forum for association chairs'],
  [3, 'en', 'energy-audit', 'Sell energy audits of buildings to associations'],
  [1, 'ru', 'lawyer-free', 'Бесплатные консультации юриста для жителей'],
  [5, 'ru', 'lawyer-free', 'Бесплатная юридическая консультация для жильцов'],
  [2, 'ru', 'lawyer-paid', 'Платные консультации юриста для управляющих компаний'],
  [7, 'ru', 'centre-network', 'Объединить ресурсные центры в национальную сеть'],
  [3, 'ru', 'centre-network', 'Создать национальную сеть ресурсных центров'],
  [0, 'ka', 'lawyer-free', 'უფასო იურიდიული კონსულტაციები მაცხოვრებლებისთვის'],
  [4, 'ka', 'lawyer-free', 'მაცხოვრებლებისთვის უფასო იურიდიული კონსულტაცია'],
  [6, 'ka', 'centre-network', 'რესურსცენტრების ეროვნული ქსელის შექმნა'],
  [2, 'ka', 'centre-network', 'რესურს ცენტრების ეროვნული ქსელი'],
  [5, 'ka', 'website-faq', 'ვებგვერდი ხშირად დასმული კითხვებით'],
  [1, 'ro', 'hotline-evenings', 'Linia telefonică să funcționeze și seara'],
  [3, 'ro', 'hotline-evenings', 'Linia telefonica sa functioneze si seara'],
  [5, 'ro', 'centre-network', 'Crearea unei rețele naționale a centrelor de resurse'],
  [7, 'ro', 'centre-network', 'O rețea națională de centre de resurse'],
  [0, 'ro', 'repair-fund', 'Fond de reparații pentru fiecare asociație'],
  [2, 'uk', 'website-faq', 'Сайт з відповідями на часті запитання мешканців'],
  [6, 'uk', 'website-faq', 'Сайт із відповідями на поширені питання мешканців'],
  [4, 'uk', 'centre-network', 'Національна мережа ресурсних центрів'],
  [1, 'uk', 'centre-network', 'Створити національну мережу ресурсних центрів'],
  [7, 'uk', 'lawyer-paid', 'Платні консультації юриста для керуючих компаній'],
  [3, 'az', 'hotline-evenings', 'Qaynar xətt axşamlar da işləsin'],
  [6, 'az', 'hotline-evenings', 'Qaynar xett axsamlar da islesin'],
  [0, 'az', 'centre-network', 'Resurs mərkəzlərinin milli şəbəkəsini yaratmaq'],
  [5, 'az', 'centre-network', 'Resurs merkezlerinin milli şebekesi'],
  [2, 'az', 'chairs-forum', 'Sədrlər üçün onlayn forum'],
]

function proposalsOf(list: typeof rows, prefix: string): FixtureProposal[] {
  const counts = new Map<FixtureLanguage, number>()
  return list.map(([table, language, concept, text]) => {
    const n = (counts.get(language) ?? 0) + 1
    counts.set(language, n)
    return { key: `${table}:${prefix}${language}${n}`, table, language, text, concept }
  })
}

/** The fixture's proposals, keyed `${table}:${language}${n}` (n counts within the language). */
export const HARVEST_FIXTURE: readonly FixtureProposal[] = proposalsOf(rows, '')

/** The held-out proposals, keyed `${table}:h-${language}${n}`. */
export const HARVEST_HELD_OUT: readonly FixtureProposal[] = proposalsOf(heldOutRows, 'h-')

/** Pairwise precision and recall of predicted groups against the fixture's concepts. */
export interface PairScore {
  truePairs: number
  predictedPairs: number
  found: number
  precision: number
  recall: number
}

/** Unordered pair of keys as one string, smaller key first. */
const pairOf = (a: string, b: string): string => (a < b ? `${a} ${b}` : `${b} ${a}`)

/**
 * Scores `groups` (lists of keys) pair by pair, counting only pairs of proposals that `counts`
 * accepts (e.g. both in Romanian, or in two different languages). No predicted pair gives
 * precision 1; no true pair gives recall 1.
 */
export function scorePairs(
  groups: readonly (readonly string[])[],
  counts: (a: FixtureProposal, b: FixtureProposal) => boolean,
  fixture: readonly FixtureProposal[] = HARVEST_FIXTURE,
): PairScore {
  const byKey = new Map(fixture.map((p) => [p.key, p]))
  const truth = new Set<string>()
  for (const [i, a] of fixture.entries())
    for (const b of fixture.slice(i + 1)) if (a.concept === b.concept && counts(a, b)) truth.add(pairOf(a.key, b.key))
  const predicted = new Set<string>()
  for (const group of groups)
    for (const [i, a] of group.entries())
      for (const b of group.slice(i + 1)) {
        const pa = byKey.get(a)
        const pb = byKey.get(b)
        if (pa && pb && counts(pa, pb)) predicted.add(pairOf(a, b))
      }
  const found = [...predicted].filter((pair) => truth.has(pair)).length
  return {
    truePairs: truth.size,
    predictedPairs: predicted.size,
    found,
    precision: predicted.size === 0 ? 1 : found / predicted.size,
    recall: truth.size === 0 ? 1 : found / truth.size,
  }
}

/**
 * The fixture as the harvest receives it: sources in board order (by table, then as written),
 * each with a round and an author so that provenance can be checked to survive merges.
 */
export function fixtureSources(fixture: readonly FixtureProposal[] = HARVEST_FIXTURE): HarvestSource[] {
  return fixture
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.table - b.p.table || a.i - b.i)
    .map(({ p, i }) => ({
      key: p.key,
      table: p.table,
      round: 1 + (i % 3),
      authors: [`${p.language}-writer-${i}`],
      proposal: { id: p.key.slice(p.key.indexOf(':') + 1), title: p.text, what: '', who: '', when: '' },
    }))
}

/** Freezes a value all the way down, so code that mutates its input throws in the test. */
export function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) frozen(inner)
  }
  return value
}

/**
 * A second held-out set, written before the domain thesaurus (shared/harvest/lexicon.ts) and
 * committed on its own before it, so that the thesaurus could not be fitted to it: 60 proposals
 * on topics the first fixture does not touch (energy efficiency of blocks, roofs, lifts, debts of
 * owners who do not pay, open accounts, young people, online meetings and e-voting, utility
 * companies, insurance, women on boards, mediation between neighbours). Paraphrased as tables do:
 * other words and synonyms ("roof"/"кровля", "lift"/"elevator"), other endings, typos, missing
 * diacritics. Near-misses share a word but not the idea (an energy audit for a loan is not
 * insulating walls; online courses are not online meetings; repairing entrances is not repairing
 * roofs). Concepts are shared across languages wherever two tables wrote the same idea in two
 * languages, so these twins measure recall across languages too. No two duplicates come from
 * one table. Reported, never asserted.
 */
const heldOut2Rows: Array<[number, FixtureLanguage, string, string]> = [
  [0, 'en', 'energy-efficiency', 'Insulate the walls of old apartment blocks to cut heating bills'],
  [3, 'en', 'energy-efficiency', 'Thermal modernisation of multi-storey buildings to save energy'],
  [6, 'en', 'energy-efficiency', 'Make blocks of flats more energy efficent'],
  [1, 'en', 'debt-collection', 'Recover debts from owners who do not pay their contributions'],
  [5, 'en', 'debt-collection', 'A procedure to collect arrears from non-paying flat owners'],
  [2, 'en', 'energy-audit-loans', 'Bank loans for associations after an energy audit'],
  [4, 'en', 'women-boards', 'More women on the boards of homeowners associations'],
  [7, 'en', 'women-boards', 'Encourage women to become chairs and board members of HOAs'],
  [2, 'en', 'youth-involvement', 'Involve young people in the life of their building'],
  [4, 'en', 'finance-transparency', 'Publish the association budget and expenses online for all owners'],

  [1, 'ru', 'roof-repair', 'Капитальный ремонт крыш многоквартирных домов'],
  [4, 'ru', 'roof-repair', 'Отремонтировать кровлю в старых домах'],
  [6, 'ru', 'roof-repair', 'Ремонт крыши за счёт ремонтного фонда ТСЖ'],
  [0, 'ru', 'lift-replacement', 'Замена старых лифтов в многоэтажках'],
  [3, 'ru', 'lift-replacement', 'Заменить изношенные лифты в высотных домах'],
  [2, 'ru', 'e-voting', 'Проводить общие собрания собственников онлайн с электронным голосованием'],
  [5, 'ru', 'e-voting', 'Электронное голосование жильцов на общих собраниях'],
  [7, 'ru', 'online-training', 'Онлайн-обучение для председателей ТСЖ'],
  [7, 'ru', 'entrance-repair', 'Ремонт подъездов силами самих жильцов'],
  [1, 'ru', 'debt-collection', 'Взыскание задолженности с неплательщиков через суд'],

  [0, 'uk', 'energy-efficiency', 'Утеплення фасадів багатоквартирних будинків'],
  [2, 'uk', 'energy-efficiency', 'Енергоефективна модернізація будинків ОСББ'],
  [5, 'uk', 'energy-efficiency', 'Термомодернізація багатоповерхівок для економії енергії'],
  [1, 'uk', 'finance-transparency', 'Прозора звітність ОСББ про витрати внесків'],
  [4, 'uk', 'finance-transparency', "Публікувати фінансові звіти об'єднання для всіх співвласників"],
  [6, 'uk', 'utility-cooperation', 'Прямі договори ОСББ з постачальниками тепла і води'],
  [3, 'uk', 'utility-cooperation', 'Співпраця з комунальними підприємствами'],
  [7, 'uk', 'energy-fund', 'Державний фонд енергоефективності має давати кредити ОСББ'],
  [2, 'uk', 'youth-involvement', 'Залучати молодь до роботи ОСББ'],
  [6, 'uk', 'mediation', 'Медіація сусідських конфліктів у будинку'],

  [1, 'ka', 'roof-repair', 'სახურავების შეკეთება მრავალბინიან სახლებში'],
  [5, 'ka', 'roof-repair', 'სახურავის რემონტი ძველ კორპუსებში'],
  [3, 'ka', 'lift-replacement', 'ლიფტების გამოცვლა მრავალსართულიან კორპუსებში'],
  [7, 'ka', 'lift-replacement', 'ძველი ლიფტების შეცვლა ახლით'],
  [0, 'ka', 'mediation', 'მეზობლებს შორის კონფლიქტების მედიაცია'],
  [6, 'ka', 'mediation', 'მედიატორის მომსახურება მეზობლების დავების მოსაგვარებლად'],
  [2, 'ka', 'women-boards', 'მეტი ქალი ამხანაგობების გამგეობებში'],
  [4, 'ka', 'building-insurance', 'საცხოვრებელი სახლების დაზღვევა სტიქიური უბედურებებისგან'],
  [4, 'ka', 'energy-efficiency', 'სახურავის თბოიზოლაცია ენერგიის დაზოგვისთვის'],
  [2, 'ka', 'youth-involvement', 'ახალგაზრდების ჩართვა ამხანაგობის საქმიანობაში'],

  [0, 'az', 'building-insurance', 'Çoxmənzilli binaların sığortalanması'],
  [3, 'az', 'building-insurance', 'Binaları yanğın və zəlzələdən sığorta etmək'],
  [6, 'az', 'building-insurance', 'Coxmenzilli binalarin sigortasi'],
  [1, 'az', 'debt-collection', 'Borcu olan mülkiyyətçilərdən borcların toplanması'],
  [5, 'az', 'debt-collection', 'Ödəniş etməyən sakinlərdən borcların alınması'],
  [2, 'az', 'youth-involvement', 'Gəncləri birliyin işinə cəlb etmək'],
  [7, 'az', 'youth-involvement', 'Gənclərin birliklərdə iştirakını artırmaq'],
  [4, 'az', 'utility-cooperation', 'Kommunal şirkətlərlə əməkdaşlıq müqaviləsi bağlamaq'],
  [4, 'az', 'utility-debt-loans', 'Kommunal borcların ödənilməsi üçün güzəştli kredit'],
  [6, 'az', 'women-boards', 'Birliklərin idarə heyətlərində qadınların sayını artırmaq'],

  [1, 'ro', 'e-voting', 'Adunări generale online ale proprietarilor cu vot electronic'],
  [4, 'ro', 'e-voting', 'Votul electronic al proprietarilor la adunarea generala'],
  [6, 'ro', 'e-voting', 'Ședințe ale asociației desfășurate prin internet, cu votare la distanță'],
  [0, 'ro', 'mediation', 'Medierea conflictelor dintre vecini'],
  [3, 'ro', 'mediation', 'Un mediator pentru neînțelegerile între locatari'],
  [2, 'ro', 'finance-transparency', 'Transparența cheltuielilor asociației față de proprietari'],
  [5, 'ro', 'finance-transparency', 'Rapoarte financiare publice ale asociatiei de proprietari'],
  [7, 'ro', 'online-training', 'Cursuri online pentru administratorii asociațiilor'],
  [7, 'ro', 'women-boards', 'Mai multe femei în comitetele asociațiilor'],
  [1, 'ro', 'roof-repair', 'Repararea acoperișurilor blocurilor vechi'],
]

/** The second held-out set, keyed `${table}:h2-${language}${n}`. */
export const HARVEST_HELD_OUT_2: readonly FixtureProposal[] = proposalsOf(heldOut2Rows, 'h2-')
