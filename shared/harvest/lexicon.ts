/**
 * A domain thesaurus for the harvest: the concepts of the field the café serves (homeowners'
 * associations, resource centres, housing law and money, the upkeep of blocks of flats) with the
 * words and short phrases that say them in the café's seven languages. After normalisation a
 * proposal's content words are read against it, and each word or phrase found becomes the
 * concept's token, so that synonyms ("training" / "course" / "workshop") and translations
 * ("hotline" / "горячая линия" / "ცხელი ხაზი" / "linia telefonică") are one token. Words it does not
 * know stay as they are and are compared as before (endings, typos, compounds).
 *
 * Written from knowledge of the field and from docs/GLOSSARY.md, concept by concept and language
 * by language, not from the test fixture's pairs. One list for all languages, since proposals are
 * not labelled with theirs; where a word means two things in two languages the choice is noted.
 *
 * How an entry is written (as people type it; it is normalised like a proposal):
 *   - `word`   the word, or one typo off it when it has 6 letters or more;
 *   - `stem*`  any word starting with the stem (3 letters or more), or with one typo in a stem
 *              of 6 letters or more: how the café's languages inflect ("ремонт*": ремонта,
 *              ремонтный; "სახურავ*": სახურავის, სახურავების; "sığorta*": sığortalanması);
 *   - several words: a phrase, matched on neighbouring content words (function words such as
 *     "of", "de", "для" are dropped from both sides first, so "free of charge" = "free charge").
 * At each word the longest phrase wins, then an exact reading over a typo, then the longest
 * entry: "управляющая компания" is the manager, "компания" alone a business; "энергоаудит" an
 * energy audit, not just energy.
 *
 * Stems are chosen so that they do not start other common words: "центр" is listed with its
 * endings rather than as "центр*" (центральный, central), the Ukrainian "голова" (chair) likewise
 * (головний, main), the Russian "долг" (долгосрочный, long-term).
 */
import { isFunctionWord, proposalWords } from './normalise.js'

/** The café's languages, as in docs/GLOSSARY.md. */
type Language = 'en' | 'ka' | 'ru' | 'uk' | 'az' | 'ro' | 'de'

interface ConceptSpec {
  /** Lower-case ASCII letters only: the token is {@link CONCEPT_MARK} followed by it. */
  id: string
  words: Partial<Record<Language, string>>
  /** Why a choice was made, where it is not obvious. */
  why?: string
}

const concept = (id: string, words: Partial<Record<Language, string>>, why?: string): ConceptSpec => ({ id, words, why })

/**
 * The concepts. Each language's entries are separated by commas. Roles first, then what
 * associations and centres do, then money, law, the building, and general verbs of proposals.
 */
export const CONCEPTS: readonly ConceptSpec[] = [
  // ── Who ──────────────────────────────────────────────────────────────────────────────────
  concept(
    'hoa',
    {
      en: 'homeowners association*, homeowner association*, home owners association*, hoa, hoas, association*, condominium*, condo association*',
      ka: 'ამხანაგობ*, ბინათმესაკუთრეთა ამხანაგობ*',
      ru: 'тсж, осмд, кондоминиум*, товариществ* собственник*, товариществ* собственник* жиль*, объединени* собственник*, объединени* собственник* жиль*, товариществ*',
      uk: 'осбб, об*єднан* співвласник*, обєднання, обєднань, обєднанню, обєднанням, обєднаннях, об*єднан* співвласник* багатоквартирн* будин*, кондомініум*',
      az: 'mmc, mənzil mülkiyyətçiləri müştərək cəmiyyət*, müştərək cəmiyyət*, mənzil birliy*, mənzil birlik*, birlik*, birliy*',
      ro: 'asociati*, asociația de proprietari, asociati* proprietari*, condominiu*',
      de: 'wohnungseigentümergemeinschaft*, eigentümergemeinschaft*, weg',
    },
    'The glossary\'s "homeowners\' association". "Association" alone means an HOA in English, Romanian and Azerbaijani ' +
      '(birlik) at this café; the Ukrainian "об\'єднання" (noun) too. The Russian and Ukrainian "ассоциация/асоціація" ' +
      'is a federation of them and is listed there. The Moldovan Law on the condominium is the law of HOAs, so ' +
      '"condominium" is one too.',
  ),
  concept(
    'owner',
    {
      en: 'owner*, homeowner*, home owner*, flat owner*, apartment owner*, co owner*, proprietor*',
      ka: 'მესაკუთრე*, ბინათმესაკუთრე*, თანამესაკუთრე*',
      ru: 'собственник*, владелец, владельц*, совладел*',
      uk: 'власник*, співвласник*',
      az: 'mülkiyyətçi*, ev sahib*, mənzil sahib*',
      ro: 'proprietar*, coproprietar*',
      de: 'eigentümer*, wohnungseigentümer*',
    },
    'Owners are kept apart from residents: owners vote at general meetings and pay the contributions, tenants do not.',
  ),
  concept('resident', {
    en: 'resident*, tenant*, inhabitant*, dweller*, occupant*',
    ka: 'მაცხოვრებ*, მობინადრე*, ბინადარ*',
    ru: 'житель, жители, жителей, жителям, жителями, жильц*, жилец, проживающ*, квартиросъемщик*, наниматель*',
    uk: 'мешканц*, мешканець, мешканці, жител*, пожильц*, наймач*, орендар*',
    az: 'sakin*, kirayəçi*',
    ro: 'locatar*, locuitor*, rezident*, chiriaș*',
    de: 'bewohner*, mieter*',
  }),
  concept(
    'chair',
    {
      en: 'chair, chairs, chairman, chairmen, chairwoman, chairwomen, chairperson*, president*, head, heads, leader*',
      ka: 'თავმჯდომარე*, თავმჯდომარ*, ხელმძღვანელ*, პრეზიდენტ*',
      ru: 'председател*, руководител*, глава, главы, президент*',
      uk: 'голова, голови, голів, голові, головою, голову, головам, головами, керівник*, президент*',
      az: 'sədr*, rəhbər*, prezident*',
      ro: 'președint*, presedint*, șef*, conducător*',
      de: 'vorsitzend*, vorstandsvorsitzend*, präsident*, leiter*',
    },
    'The glossary\'s "association chair". Ukrainian "голова" is listed with its endings, not as a stem: "головний" means main.',
  ),
  concept('accountant', {
    en: 'accountant*, accounting, bookkeep*',
    ka: 'ბუღალტ*',
    ru: 'бухгалтер*, бухучет*',
    uk: 'бухгалтер*, бухоблік*',
    az: 'mühasib*',
    ro: 'contabil*',
    de: 'buchhalt*, buchführung*',
  }),
  concept(
    'lawyer',
    {
      en: 'lawyer*, legal, jurist*, attorney*, solicitor*',
      ka: 'იურისტ*, იურიდიულ*, ადვოკატ*',
      ru: 'юрист*, юридическ*, адвокат*, правов*',
      uk: 'юрист*, юридичн*, адвокат*, правов*',
      az: 'hüquqşünas*, hüquqi*, vəkil*',
      ro: 'jurist*, juridic*, avocat*',
      de: 'anwalt*, anwält*, jurist*, rechtsberat*, rechtlich*',
    },
    'Legal advice and a lawyer\'s consultation are one service of a resource centre ("юридическая консультация" = "консультация юриста").',
  ),
  concept(
    'manager',
    {
      en: 'management company, management companies, managing company, managing companies, property manager*, building manager*, administrator*, facility manager*',
      ka: 'მმართველ* კომპანი*, მმართველ*, ადმინისტრატორ*',
      ru: 'управляющ* компани*, управляющ*, управдом*, управляющ* организаци*',
      uk: 'керуюч* компані*, управитель, управителі*, управителя, управител*, керуюч*',
      az: 'idarəetmə şirkət*, idarəedici şirkət*, idarəçi*',
      ro: 'firm* administrare, companie administrare, administrator*',
      de: 'hausverwaltung*, verwalter*, hausverwalter*',
    },
    'The glossary\'s "management company"; in Moldova the administrator of an association does that job, so both are one.',
  ),
  concept(
    'municipality',
    {
      en: 'municipalit*, municipal*, local authorit*, local government*, local council*, city council*, city hall*, mayor*, local budget*, city budget*, municipal budget*',
      ka: 'მუნიციპალიტეტ*, მერია*, მერიი*, საკრებულო*, თვითმმართველობ*, ადგილობრივ* ხელისუფლებ*, ადგილობრივ* ბიუჯეტ*, ქალაქ* ბიუჯეტ*',
      ru: 'муниципалитет*, муниципальн*, мэри*, мэр, мэра, самоуправлени*, местн* власт*, местн* бюджет*, городск* бюджет*, городск* администрац*, городск* совет*, мест* самоуправлени*',
      uk: 'громада, громади, громаді, громад, громадою, громадам, місцев* влад*, місцев* самоврядуванн*, міськ* рад*, місцев* рад*, міськ* бюджет*, місцев* бюджет*, мерія*, мерії, мер, самоврядуванн*',
      az: 'bələdiyyə*, yerli hakimiyyət*, icra hakimiyyət*, yerli büdcə*, şəhər büdcə*',
      ro: 'primări*, primar, primarul, primarului, autorități locale, autoritat* local*, consili* local*, buget* local*, municipal*, administrați* publice locale',
      de: 'kommune*, gemeinde*, stadtverwaltung*, stadtrat*, bürgermeister*, gemeindehaushalt*, kommunalverwaltung*',
    },
    'The glossary\'s "municipality" (Ukrainian громада / місцева рада). A local or city budget is the municipality\'s budget, so ' +
      '"local budget" is read as the municipality and the budget. Ukrainian "громада" is listed with its endings: "громадський" means civic. ' +
      'German "kommunal" is not here: the Azerbaijani "kommunal" (utilities) is spelt the same.',
  ),
  concept('state', {
    en: 'state, government*, ministry, ministries, national government',
    ka: 'სახელმწიფო*, მთავრობ*, სამინისტრო*',
    ru: 'государств*, правительств*, министерств*',
    uk: 'держав*, уряд, уряду, урядов*, міністерств*',
    az: 'dövlət*, hökumət*, nazirlik*',
    ro: 'stat, statul, statului, guvern*, minister*',
    de: 'staat*, regierung*, ministerium*, bundesregierung*',
  }),
  concept('donor', {
    en: 'donor*, funder*',
    ka: 'დონორ*',
    ru: 'донор*, грантодател*',
    uk: 'донор*, грантодав*',
    az: 'donor*',
    ro: 'donator*, finanțator*',
    de: 'geldgeber*, spender*, förderer*, zuwendungsgeber*',
  }, 'The glossary\'s "donor" (Romanian finanțator, German Geldgeber).'),
  concept('ngo', {
    en: 'ngo, ngos, non governmental, nongovernmental, civil society, nonprofit*, non profit*',
    ka: 'არასამთავრობო*, სამოქალაქო საზოგადოებ*',
    ru: 'нко, нпо, некоммерческ*, неправительственн*, общественн* организаци*, гражданск* обществ*',
    uk: 'неурядов*, громадськ* організаці*, громадянськ* суспільств*, неприбутков*',
    az: 'qht, qeyri hökumət*, vətəndaş cəmiyyət*',
    ro: 'ong, ong uri, neguvernamental*, societat* civil*',
    de: 'ngo, ngos, nichtregierungsorganisation*, zivilgesellschaft*, gemeinnützig*',
  }),
  concept(
    'federation',
    {
      en: 'federation*, union of associations, alliance*, umbrella organisation*',
      ka: 'ფედერაცი*, ასოციაცი*, კავშირ*',
      ru: 'ассоциац*, федерац*, союз*',
      uk: 'асоціаці*, федераці*, спілк*',
      az: 'assosiasiya*, federasiya*, ittifaq*',
      ro: 'federați*, uniun*, alianț*',
      de: 'verband*, verbände*, dachverband*',
    },
    'An association of associations (or of their chairs), not an association itself: Russian and Ukrainian say so with "ассоциация/асоціація".',
  ),
  concept('business', {
    en: 'business*, companies, company, private sector, enterprise*, firm, firms, entrepreneur*',
    ka: 'ბიზნეს*, კომპანი*, კერძო სექტორ*, მეწარმე*',
    ru: 'бизнес*, компани*, предприяти*, предпринимател*, частн* сектор*, фирм*',
    uk: 'бізнес*, компані*, підприємств*, підприємц*, приватн* сектор*, фірм*',
    az: 'biznes*, şirkət*, sahibkar*, müəssisə*, özəl sektor*',
    ro: 'afacer*, companii, companie, companiei, firme, firma, firmă, întreprinder*, antreprenor*, sector* privat*',
    de: 'unternehm*, firma, firmen, wirtschaft*, privatwirtschaft*',
  }),
  concept('sponsor', {
    en: 'sponsor*',
    ka: 'სპონსორ*',
    ru: 'спонсор*, меценат*',
    uk: 'спонсор*, меценат*',
    az: 'sponsor*, himayədar*',
    ro: 'sponsor*',
    de: 'sponsor*',
  }),
  concept('volunteer', {
    en: 'volunteer*',
    ka: 'მოხალისე*',
    ru: 'волонтер*, доброволь*, добровольц*',
    uk: 'волонтер*, доброволь*, добровольц*',
    az: 'könüllü*',
    ro: 'voluntar*',
    de: 'ehrenamt*, freiwillig*',
  }),
  concept('women', {
    en: 'women, woman, female, gender',
    ka: 'ქალი, ქალები, ქალების, ქალთა, ქალს, ქალებს, ქალის, ქალებმა, გენდერ*',
    ru: 'женщин*, гендерн*',
    uk: 'жінк*, жінок, жінці, жінками, гендерн*',
    az: 'qadın*, gender*',
    ro: 'femei*, femeie*',
    de: 'frauen*, frau, geschlecht*',
  }, 'Georgian "ქალი" is listed with its endings: "ქალაქი" (city) starts with the same letters.'),
  concept('youth', {
    en: 'youth*, young, youngsters, students, student',
    ka: 'ახალგაზრდ*, სტუდენტ*',
    ru: 'молодеж*, молод*, студент*',
    uk: 'молод*, студент*',
    az: 'gənc*, tələbə*',
    ro: 'tiner*, student*',
    de: 'jugend*, junge*, jung, student*',
  }),
  concept('elderly', {
    en: 'elderly, pensioner*, older people, senior*, vulnerable, disabled, low income*',
    ka: 'ხანდაზმულ*, პენსიონერ*, სოციალურად დაუცველ*, შეზღუდულ* შესაძლებლობ*',
    ru: 'пожил*, пенсионер*, малоимущ*, уязвим*, инвалид*, малообеспечен*',
    uk: 'літн*, пенсіонер*, малозабезпечен*, вразлив*, інвалід*',
    az: 'yaşlı*, pensiyaçı*, həssas*, əlil*, aztəminatlı*',
    ro: 'vârstnic*, pensionar*, vulnerabil*, dizabilit*',
    de: 'ältere*, rentner*, senior*, bedürftig*, behindert*',
  }),
  concept('neighbour', {
    en: 'neighbo*',
    ka: 'მეზობ*',
    ru: 'сосед*',
    uk: 'сусід*, сусідськ*',
    az: 'qonşu*',
    ro: 'vecin*',
    de: 'nachbar*',
  }),
  concept('member', {
    en: 'member*, membership',
    ka: 'წევრ*, საწევრო*',
    ru: 'член, члены, членов, членам, членами, членств*, членск*',
    uk: 'член, члени, членів, членам, членами, членств*, членськ*',
    az: 'üzv*',
    ro: 'membr*',
    de: 'mitglied*',
  }, 'Russian and Ukrainian "член" is listed with its endings: it is too short to be a stem.'),

  // ── Centres and what they do ─────────────────────────────────────────────────────────────
  concept(
    'centre',
    {
      en: 'resource centre*, resource center*, resourcecentre*, resourcecenter*, centre, centres, center, centers',
      ka: 'რესურსცენტრ*, რესურს ცენტრ*, ცენტრი, ცენტრის, ცენტრები, ცენტრების, ცენტრს, ცენტრებს, ცენტრმა, ცენტრში, ცენტრებში, ცენტრისთვის, ცენტრებისთვის',
      ru: 'ресурсн* центр*, центр, центра, центру, центром, центре, центры, центров, центрам, центрами, центрах',
      uk: 'ресурсн* центр*, центр, центру, центром, центрі, центри, центрів, центрам, центрами, центрах',
      az: 'resurs mərkəz*, mərkəz, mərkəzi, mərkəzin, mərkəzinə, mərkəzə, mərkəzdə, mərkəzlər*',
      ro: 'centr* resurse, centru, centrul, centrului, centre, centrele, centrelor, centrelor',
      de: 'ressourcenzentr*, zentrum, zentren, zentrums',
    },
    'The glossary\'s "resource centre". At a café about resource centres "the centre" is one; listed with endings, ' +
      'since "центральный", "mərkəzləşdirmə" and "central" are other words.',
  ),
  concept('training', {
    en: 'train, trains, trained, training*, trainer*, course*, workshop*, seminar*, education*, educate*, teach*, coaching, lesson*, class, classes, webinar*, instruction',
    ka: 'ტრენინგ*, სწავლებ*, სწავლ*, კურს*, სემინარ*, ვორქშოფ*, გადამზადებ*, განათლებ*, ვებინარ*',
    ru: 'обучени*, обуча*, обучить, тренинг*, курс*, семинар*, учеб*, повышени* квалификаци*, инструктаж*, вебинар*, просвещени*',
    uk: 'навчанн*, навча*, тренінг*, курс*, семінар*, підвищенн* кваліфікаці*, вебінар*, освіта, освіти, освіту, освітн*',
    az: 'təlim*, kurs*, seminar*, tədris*, öyrət*, təhsil*, vebinar*',
    ro: 'instruir*, instrui*, curs, cursuri*, cursul, cursurile, formare*, seminar*, training*, pregătir*, atelier*, educați*, webinar*',
    de: 'schulung*, fortbildung*, weiterbildung*, seminar*, kurs*, workshop*, training*, bildung*',
  }, 'Training, courses, seminars and workshops are the one service "train associations" of the brief.'),
  concept('consultation', {
    en: 'consult*, advice, advise*, advisory, counsel*, guidance',
    ka: 'კონსულტაცი*, კონსულტირებ*, რჩევ*, კონსულტ*',
    ru: 'консультац*, консультир*, консульт*, разъяснени*',
    uk: 'консультац*, консультаці*, консульту*, порад*, роз*яснен*',
    az: 'məsləhət*, konsultasiya*',
    ro: 'consultanț*, consultați*, consultat*, consilier*, sfat*, consulta*',
    de: 'beratung*, berat*',
  }, 'Advice to citizens, the brief\'s first service of a resource centre.'),
  concept('hotline', {
    en: 'hotline*, hot line*, helpline*, help line*, telephone*, phone*, phone line*, call centre*, call center*',
    ka: 'ცხელ* ხაზ*, ცხელი ხაზი, სატელეფონო*, ტელეფონ*, ქოლ ცენტრ*',
    ru: 'горяч* лини*, телефон*, телефонн* лини*, колл центр*',
    uk: 'гаряч* лін*, телефон*, телефонн* лін*',
    az: 'qaynar xətt*, qaynar xətti, telefon*, zəng mərkəz*',
    ro: 'lini* telefonic*, lini* fierbint*, hotline*, telefon*, linie verde',
    de: 'hotline*, telefon*, beratungstelefon*, servicetelefon*',
  }, 'The brief\'s "telephone hotline". A telephone line for residents is the hotline, so "telephone" alone is one too.'),
  concept('website', {
    en: 'website*, web site*, webpage*, web page*, portal*, site, sites',
    ka: 'ვებგვერდ*, ვებ გვერდ*, საიტ*, პორტალ*',
    ru: 'сайт*, веб сайт*, вебсайт*, портал*',
    uk: 'сайт*, вебсайт*, веб сайт*, портал*',
    az: 'sayt*, veb sayt*, vebsayt*, portal*',
    ro: 'site, siteul, site ul, siteului, site uri, pagin* web, portal*',
    de: 'webseite*, website*, internetseite*, portal*, homepage*',
  }),
  concept('app', {
    en: 'app, apps, mobile application*, platform*, chat*, messenger*, viber, telegram, whatsapp',
    ka: 'აპლიკაცი*, პლატფორმ*, ჩატ*',
    ru: 'мобильн* приложени*, приложени*, платформ*, чат, чаты, чате, мессенджер*',
    uk: 'застосун*, мобільн* додат*, платформ*, чат, чати, чаті, месенджер*',
    az: 'mobil tətbiq*, platform*',
    ro: 'aplicați* mobil*, platform*, grup* whatsapp',
    de: 'app, apps, plattform*, chat*',
  }),
  concept('online', {
    en: 'online, on line, internet, digital*, electronic*, remote*, virtual*, zoom',
    ka: 'ონლაინ*, ინტერნეტ*, ციფრულ*, ელექტრონულ*, დისტანციურ*, ვირტუალურ*',
    ru: 'онлайн*, интернет*, цифров*, электронн*, дистанционн*, удаленн*, виртуальн*',
    uk: 'онлайн*, інтернет*, цифров*, електронн*, дистанційн*, віддален*, віртуальн*',
    az: 'onlayn*, internet*, rəqəmsal*, elektron*, məsafədən, virtual*',
    ro: 'online, internet*, digital*, electronic*, distanță, distanta, virtual*',
    de: 'online*, internet*, digital*, elektronisch*, virtuell*',
  }, 'Done over the internet rather than in person: online, electronic, remote and digital say the same thing in a proposal.'),
  concept('forum', {
    en: 'forum*, discussion*, debate*, dialogue*, dialog*, round table*, roundtable*',
    ka: 'ფორუმ*, დისკუსი*, დიალოგ*, მრგვალ* მაგიდ*',
    ru: 'форум*, дискусси*, обсуждени*, диалог*, кругл* стол*',
    uk: 'форум*, дискусі*, обговоренн*, діалог*, кругл* стол*, кругл* стіл',
    az: 'forum*, müzakirə*, dialoq*, dəyirmi masa*',
    ro: 'forum*, discuți*, dezbater*, dialog*, mas* rotund*',
    de: 'forum*, diskussion*, dialog*, runder tisch*, runde tische*',
  }),
  concept('network', {
    en: 'network*',
    ka: 'ქსელ*',
    ru: 'сеть, сети, сетью, сетей, сетям, сетями',
    uk: 'мереж*',
    az: 'şəbəkə*',
    ro: 'rețea, rețele, rețelei, rețelele, rețelelor, reteaua, rețeaua',
    de: 'netzwerk*, netz',
  }, 'Russian "сеть" is listed with its endings: "сет" starts many words.'),
  concept('socialmedia', {
    en: 'social media, social network*, facebook*, instagram*',
    ka: 'სოციალურ* ქსელ*, სოციალურ* მედი*, ფეისბუქ*',
    ru: 'социальн* сет*, соцсет*, фейсбук*',
    uk: 'соціальн* мереж*, соцмереж*, фейсбук*',
    az: 'sosial şəbəkə*, sosial media*, feysbuk*',
    ro: 'rețele* sociale, retel* social*, social media, facebook*',
    de: 'soziale medien, soziale netzwerk*, facebook*',
  }, 'A phrase, so it wins over "network" alone.'),
  concept('media', {
    en: 'media, press, television, tv, newspaper*, radio, journalist*',
    ka: 'მედია*, ტელევიზი*, გაზეთ*, ჟურნალისტ*, რადიო*',
    ru: 'сми, пресс*, телевидени*, газет*, радио, журналист*',
    uk: 'змі, преса, пресі, телебаченн*, газет*, радіо, журналіст*',
    az: 'kütləvi informasiya vasitə*, kiv, mətbuat*, televiziya*, qəzet*, radio, jurnalist*',
    ro: 'presă, presa, mass media, televiziun*, ziar*, radio, jurnalist*',
    de: 'medien, presse, fernseh*, zeitung*, radio, journalist*',
  }),
  concept('information', {
    en: 'inform*, awareness, campaign*, outreach',
    ka: 'ინფორმ*, ცნობიერებ*, კამპანი*',
    ru: 'информ*, осведомлен*, кампани*, разъяснительн*',
    uk: 'інформ*, обізнаніст*, кампані*, роз*яснювальн*',
    az: 'məlumat*, maarifləndir*, kampaniya*, informasiya*',
    ro: 'informa*, conștientiz*, campani*',
    de: 'information*, informier*, aufklärung*, kampagne*',
  }),
  concept('publication', {
    en: 'handbook*, brochure*, leaflet*, guide, guides, guidebook*, manual, manuals, booklet*',
    ka: 'ბროშურ*, სახელმძღვანელო*, ბუკლეტ*, ცნობარ*',
    ru: 'брошюр*, пособи*, памятк*, справочник*, буклет*, методичк*',
    uk: 'брошур*, посібник*, памятк*, пам*ятк*, довідник*, буклет*',
    az: 'broşür*, kitabça*, bələdçi*, buklet*',
    ro: 'broșur*, ghid, ghidul, ghiduri*, pliant*, manual*',
    de: 'broschüre*, handbuch*, leitfaden*, ratgeber*, flyer*',
  }),
  concept('recommendation', {
    en: 'recommend*, guideline*, standard*, model statute*, template*',
    ka: 'რეკომენდაცი*, სტანდარტ*, ნიმუშ*',
    ru: 'рекоменда*, методическ*, стандарт*, типов*, шаблон*',
    uk: 'рекоменда*, методичн*, стандарт*, типов*, шаблон*',
    az: 'tövsiyə*, standart*, nümunə*',
    ro: 'recomand*, standard*, model*',
    de: 'empfehlung*, empfehl*, standard*, muster*, vorlage*',
  }, 'The brief\'s "draft recommendations for housing law": recommendations, standards and model documents.'),
  concept('experience', {
    en: 'experience*, exchange*, best practice*, good practice*, study visit*, lessons learned',
    ka: 'გამოცდილებ*, გაცვლ*, საუკეთესო პრაქტიკ*, კარგ* პრაქტიკ*',
    ru: 'опыт*, обмен*, лучш* практик*, передов* опыт*',
    uk: 'досвід*, обмін*, найкращ* практик*, кращ* практик*',
    az: 'təcrübə*, mübadilə*, ən yaxşı təcrübə*',
    ro: 'experienț*, experient*, schimb*, bune practici, bun* practic*',
    de: 'erfahrung*, austausch*, gute praxis, best practice*',
  }, 'German "Austausch" is exchange here; "replace" is ersetzen.'),
  concept('question', {
    en: 'question*, faq, faqs, answer*, q a',
    ka: 'კითხვ*, შეკითხვ*, პასუხ*',
    ru: 'вопрос*, ответ*',
    uk: 'запитанн*, питанн*, відповід*',
    az: 'sual*, cavab*',
    ro: 'întreb*, răspuns*',
    de: 'frage*, fragen, antwort*',
  }, 'Questions and their answers, as in "answers to frequent questions" (FAQ).'),
  concept('frequent', {
    en: 'frequent*, often, common questions',
    ka: 'ხშირ*',
    ru: 'част, частые, частых, часто, частым',
    uk: 'часті, частих, часто, поширені, поширених, поширеним',
    az: 'tez tez, çox verilən',
    ro: 'frecvent*, des',
    de: 'häufig*, oft',
  }, 'Ukrainian "поширені" (common) is listed with its endings: "поширення" (spreading) is another concept.'),
  concept('mediation', {
    en: 'mediat*, conciliat*, arbitrat*',
    ka: 'მედიაცი*, მედიატორ*, შუამავ*',
    ru: 'медиац*, медиатор*, посредни*, примирени*',
    uk: 'медіаці*, медіатор*, посередни*, примиренн*',
    az: 'mediasiya*, mediator*, vasitəçi*, barışdır*',
    ro: 'medier*, mediator*, concilier*, arbitraj*',
    de: 'mediation*, mediator*, schlichtung*, schlicht*, vermittl*',
  }),
  concept('conflict', {
    en: 'conflict*, dispute*, disagreement*, quarrel*',
    ka: 'კონფლიქტ*, დავა, დავის, დავები, დავების, დავებს, დავებში, უთანხმოებ*',
    ru: 'конфликт*, спор, споры, споров, спора, спорах, спорам, разноглас*',
    uk: 'конфлікт*, суперечк*, спір, спори, спорів, спорах, розбіжност*',
    az: 'münaqişə*, mübahisə*, konflikt*',
    ro: 'conflict*, neînțeleger*, disput*, litigi*',
    de: 'konflikt*, streit*',
  }, 'Georgian "დავა" and Russian "спор" are listed with their endings ("დავალიანება" is debt, "спорт" sport).'),
  concept('resolve', {
    en: 'resolve*, resolution, settle*, solve*, solution*',
    ka: 'მოგვარებ*, მოსაგვარებ*, გადაწყვეტ*, გადაჭრ*',
    ru: 'урегулир*, решени*, разрешени* споров, решать, решить',
    uk: 'врегулюв*, вирішенн*, розв*язанн*, вирішува*, вирішит*',
    az: 'həll*, nizamlan*',
    ro: 'soluționar*, rezolvar*, soluți*, soluționa*, rezolva*',
    de: 'lösung*, lös*, beileg*',
  }),
  concept('court', {
    en: 'court*, lawsuit*, litigation, judicial',
    ka: 'სასამართლ*',
    ru: 'суд, суда, суде, суды, судом, судов, судам, судебн*',
    uk: 'суд, суду, суді, суди, судом, судів, судам, судов*',
    az: 'məhkəmə*',
    ro: 'instanț*, judecat*, tribunal*, judecătorie*',
    de: 'gericht*, klage*',
  }, 'Russian and Ukrainian "суд" is listed with its endings: it starts many other words.'),

  // ── Money ────────────────────────────────────────────────────────────────────────────────
  concept('fund', {
    en: 'fund, funds, reserve*, fonds',
    ka: 'ფონდ*',
    ru: 'фонд*',
    uk: 'фонд*',
    az: 'fond*',
    ro: 'fond, fondul, fondului, fonduri*, fondurile',
    de: 'fonds, rücklage*',
  }, 'A pool of money (a repair fund). To fund something is finance.'),
  concept(
    'finance',
    {
      en: 'financ*, funding, funded, fundraising, co financ*, cofinanc*, co fund*, cofund*',
      ka: 'დაფინანს*, დააფინანს*, თანადაფინანს*, ფინანს*',
      ru: 'финансир*, финансов*, финанс*, софинансир*',
      uk: 'фінансуванн*, фінансув*, фінансов*, фінанс*, співфінансув*',
      az: 'maliyyə*, maliyyələşdir*, birgə maliyyələşdir*',
      ro: 'finanțar*, finanța*, financiar*, cofinanț*, co finanț*, finanțe',
      de: 'finanzier*, finanz*, kofinanz*',
    },
    'Co-financing is financing with a share from someone else; the proposal is about who pays, so it is one concept.',
  ),
  concept('budget', {
    en: 'budget*',
    ka: 'ბიუჯეტ*',
    ru: 'бюджет*',
    uk: 'бюджет*',
    az: 'büdcə*',
    ro: 'buget*',
    de: 'haushalt*, budget*',
  }),
  concept('grant', {
    en: 'grant, grants, grantmaking',
    ka: 'გრანტ*',
    ru: 'грант, гранты, грантов, грантам, грантами, гранта, грантов*',
    uk: 'грант, гранти, грантів, грантам, грантами, гранту, грантов*',
    az: 'qrant*',
    ro: 'grant, granturi*, granturile, grantul',
    de: 'fördermittel*, förderung*, förderprogramm*',
  }, 'Listed with their endings so that the donor "грантодатель" is the donor, not the grant.'),
  concept('subsidy', {
    en: 'subsid*, compensation*, benefit*, allowance*',
    ka: 'სუბსიდი*, კომპენსაცი*, შეღავათ*',
    ru: 'субсид*, дотац*, льгот*, компенсац*',
    uk: 'субсиді*, дотаці*, пільг*, компенсаці*',
    az: 'subsidiya*, kompensasiya*, güzəşt*, dotasiya*',
    ro: 'subvenți*, compensați*',
    de: 'subvention*, zuschuss*, zuschüsse*',
  }),
  concept('loan', {
    en: 'loan*, credit*, borrow*, mortgage*',
    ka: 'სესხ*, კრედიტ*',
    ru: 'кредит*, заем, займ*, заём, ссуд*',
    uk: 'кредит*, позик*, позичк*',
    az: 'kredit*, ipoteka*',
    ro: 'credit*, împrumut*',
    de: 'kredit*, darlehen*',
  }),
  concept('bank', {
    en: 'bank*',
    ka: 'ბანკ*',
    ru: 'банк*',
    uk: 'банк*',
    az: 'bank*',
    ro: 'bancă, banca, bănci, banci, băncii, bancar*, băncile',
    de: 'bank*',
  }),
  concept(
    'debt',
    {
      en: 'debt*, arrear*, unpaid, non payment*, nonpayment*, non payer*, non paying, not pay, defaulter*',
      ka: 'დავალიანებ*, ვალი, ვალის, ვალები, ვალების, ვალებს, გადაუხდელ*, ვალის დაფარვ*',
      ru: 'долг, долги, долгов, долга, долгам, долгами, долгах, задолженност*, неплательщик*, неплатеж*, неоплат*, должник*',
      uk: 'борг, борги, боргів, боргу, боргам, боргами, заборгованіст*, неплатник*, неплатіж*, несплат*, боржник*',
      az: 'borc*, ödəməyən*, ödəniş etməyən*, borclu*',
      ro: 'datorii, datoriile, datoriilor, datoria, datorie, datoriei, restanț*, rău platnic*, rau platnic*, neplat*, debitor*',
      de: 'schulden*, rückstand*, rückstände*, zahlungsrückst*, säumig*, schuldner*',
    },
    'Owners who do not pay their share: debts, arrears, non-payers. "Not pay" is read as one: the negation is the idea. ' +
      'Azerbaijani "borc" also means a loan; it stays here, where it is used most.',
  ),
  concept('collect', {
    en: 'collect*, recover*, enforce*, recoup*',
    ka: 'ამოღებ*, გადახდევინებ*, ამოიღ*',
    ru: 'взыскан*, взыскива*, взыскат*, взыщ*, инкасс*',
    uk: 'стягнен*, стягува*, стягнут*, стягнут*, інкас*',
    az: 'toplanması, toplanmasi, yığılması, tutulması, alınması, tutulma*',
    ro: 'recuper*, colectar*, colecta, încasa*',
    de: 'eintreib*, einzieh*, inkasso*',
  }, 'Azerbaijani "toplan-" is listed by form: "toplantı" (meeting) starts the same way.'),
  concept('fee', {
    en: 'fee, fees, contribution*, dues, charge, charges, levy, levies',
    ka: 'შენატან*, საწევრო*, შესატან*, გადასახადი ამხანაგობ*',
    ru: 'взнос*, сбор, сборы, сборов, плата, платы, плату',
    uk: 'внесок, внески, внесків, внеску, внесками, внескам, збір, плата, плати, плату',
    az: 'haqq*, üzvlük haqqı, töhfə*',
    ro: 'cotizați*, cotizatie*, contribuți*, taxa de membru, taxă de întreținere',
    de: 'beitrag*, beiträge*, gebühr*, hausgeld*, umlage*',
  }, 'The contributions owners pay to their association, or associations to a centre. Ukrainian "внесок" is listed by form: "внести" (introduce) starts the same way.'),
  concept('paid', {
    en: 'paid, fee based, commercial*, charged, chargeable',
    ka: 'ფასიან*',
    ru: 'платн*, возмездн*, коммерческ*',
    uk: 'платн*, комерційн*',
    az: 'ödənişli*, pullu*, kommersiya*',
    ro: 'contra plat*, contra cost, plătit*, comercial*',
    de: 'kostenpflichtig*, gebührenpflichtig*, bezahlt*, kommerziell*',
  }, 'A service sold for money, the café\'s second question. "Paid" and "free" are kept apart on purpose.'),
  concept('free', {
    en: 'free, free charge, gratis, without charge, no charge, pro bono',
    ka: 'უფასო*, უსასყიდლო*',
    ru: 'бесплатн*, безвозмездн*',
    uk: 'безкоштовн*, безоплатн*',
    az: 'pulsuz*, ödənişsiz*, təmənnasız*',
    ro: 'gratuit*, gratis',
    de: 'kostenlos*, kostenfrei*, gratis, unentgeltlich*',
  }),
  concept('payment', {
    en: 'pay, pays, paying, payment*, repay*',
    ka: 'გადახდ*, გადაიხად*, გადაიხდ*, გადაუხად*',
    ru: 'оплат*, платеж*, платить, заплатит*, платят, платит, уплат*',
    uk: 'оплат*, платеж*, платіж*, платит*, платять, сплат*, сплачув*',
    az: 'ödəmək, ödəsin, ödəmə*, ödənil*, ödəniş, ödənişin, ödənişi, ödənişlər*',
    ro: 'plata, plată, plăti, plătească, plătesc, achit*',
    de: 'zahlen, zahlung*, bezahl*',
  }, 'Listed by form where the stem starts other words (Romanian "plat-": platforma; German "zahl-": zahlreich).'),
  concept('tax', {
    en: 'tax, taxes, taxation, taxed, fiscal',
    ka: 'გადასახად*, საგადასახადო*',
    ru: 'налог*',
    uk: 'податк*, податок, податков*',
    az: 'vergi*',
    ro: 'impozit*, fiscal*, taxe, taxele, taxelor',
    de: 'steuer*',
  }),
  concept('expense', {
    en: 'expense*, expenditure*, cost, costs, spending, spend',
    ka: 'ხარჯ*',
    ru: 'расход*, затрат*, издерж*, стоимост*',
    uk: 'витрат*, видатк*, вартіст*',
    az: 'xərc*',
    ro: 'cheltuiel*, cost, costuri*, costul, costurile',
    de: 'ausgabe*, kosten',
  }),
  concept('income', {
    en: 'income*, revenue*, earn*, profit*',
    ka: 'შემოსავ*, მოგებ*',
    ru: 'доход*, прибыл*, выручк*',
    uk: 'доход*, дохід, прибут*',
    az: 'gəlir*, mənfəət*',
    ro: 'venit*, profit*',
    de: 'einnahme*, einkommen*, gewinn*, ertrag*',
  }),
  concept('tariff', {
    en: 'tariff*, bill, bills, utility bills, price*, invoice*',
    ka: 'ტარიფ*, ქვითარ*, ფას, ფასი, ფასები',
    ru: 'тариф*, квитанц*, цен, цены, ценам, платежк*',
    uk: 'тариф*, рахунк*, квитанці*, ціни, цін, платіжк*',
    az: 'tarif*, qəbz*, qiymət*',
    ro: 'tarif*, factur*, preț*',
    de: 'tarif*, rechnung*, nebenkosten*, preis*',
  }),
  concept('sustainability', {
    en: 'sustainab*, self sufficien*, self financ*, selfsufficien*, long term',
    ka: 'მდგრად*, თვითკმარ*, გრძელვადიან*',
    ru: 'устойчив*, самоокупаем*, самофинансир*, долгосрочн*',
    uk: 'сталість, сталого, стале, сталий, сталості, самоокупн*, самофінансув*, довгостроков*',
    az: 'dayanıqlı*, davamlı*, özünü maliyyələşdir*, uzunmüddətli*',
    ro: 'sustenabil*, durabil*, autofinanț*, pe termen lung, termen lung',
    de: 'nachhaltig*, selbsttragend*, langfristig*',
  }, 'The café\'s topic: the centre lasting after the project. Ukrainian "сталий" is listed by form ("сталь" is steel).'),
  concept('saving', {
    en: 'save, saves, saving*, savings, cut, cuts, reduce*, reduction*, lower',
    ka: 'დაზოგ*, ეკონომი*, შემცირებ*',
    ru: 'эконом*, сбережени*, сокращ*, снижени*, снизить, снижать, сэконом*',
    uk: 'економ*, заощадж*, зменш*, скороч*, знижен*',
    az: 'qənaət*, azalt*',
    ro: 'economi*, reducer*, reduce*, scăder*',
    de: 'einspar*, spar*, senk*, reduzier*',
  }),

  // ── Law ──────────────────────────────────────────────────────────────────────────────────
  concept(
    'law',
    {
      en: 'law, laws, legislation, legislative, code, codes, regulation*, bylaw*, by law*, statute*, legal framework*, act, acts, decree*',
      ka: 'კანონ*, კანონმდებლობ*, კოდექს*, რეგულაცი*, დადგენილებ*, ბრძანებ*, ნორმატიულ*',
      ru: 'закон*, кодекс*, законодательств*, законопроект*, нормативн*, постановлени*, регулировани*, устав*',
      uk: 'закон*, кодекс*, законодавств*, законопроект*, законопроєкт*, нормативн*, постанов*, регулюванн*, статут*',
      az: 'qanun*, məcəllə*, qanunvericilik*, normativ*, qərar*, nizamnamə*',
      ro: 'lege, legea, legii, legi, legile, legilor, legislați*, cod, codul, codului, coduri*, regulament*, hotărâr*, statut*',
      de: 'gesetz*, recht, verordnung*, satzung*',
    },
    'Law, code and regulation are one concept: a proposal to change "the law" and one to change "the code" are usually the same.',
  ),
  concept('housing', {
    en: 'housing, residential, dwelling*',
    ka: 'საბინაო*, საცხოვრებ*',
    ru: 'жилищн*, жилье, жилья, жильем, жилом*, жилой, жилых, жилого',
    uk: 'житлов*, житло, житла, житлом',
    az: 'mənzil*, yaşayış*',
    ro: 'locuin*, locativ*, locuit*',
    de: 'wohnungswesen*, wohnraum*, wohnbau*, wohn*',
  }, 'Azerbaijani "mənzil" (the Housing Code is Mənzil Məcəlləsi). Russian "жилье" is listed by form: "жильцы" are residents.'),
  concept('amend', {
    en: 'amend*, change*, modif*, revise*, revision*, reform*, improve*, update*',
    ka: 'ცვლილებ*, შესწორებ*, შეცვლ*, შეცვალ*, რეფორმ*, გაუმჯობესებ*, დახვეწ*',
    ru: 'поправк*, изменени*, изменит*, измени*, модифик*, реформ*, совершенствова*, улучшени*',
    uk: 'змін*, поправк*, модифік*, реформ*, вдосконал*, покращенн*',
    az: 'dəyişiklik*, düzəliş*, islahat*, təkmilləşdir*',
    ro: 'modific*, amendament*, schimbar*, reform*, îmbunătăți*',
    de: 'änderung*, novell*, reform*, verbesser*',
  }, 'Georgian "შეცვლა" is both change and replace; a change of law is the commoner use at this café.'),
  concept('registration', {
    en: 'regist*',
    ka: 'რეგისტრაცი*, რეგისტრირ*, დარეგისტრირ*',
    ru: 'регистрац*, регистрир*, реестр*',
    uk: 'реєстрац*, реєстру*, реєстр*',
    az: 'qeydiyyat*, qeydə alın*',
    ro: 'înregistr*, registr*',
    de: 'registrier*, eintragung*, anmeldung*, register*',
  }),
  concept('simplify', {
    en: 'simplif*, simple, simpler, easier, easy, streamline*',
    ka: 'გამარტივებ*, გაამარტივ*, მარტივ*',
    ru: 'упрощ*, упрост*, прост, простой, простая, простое, простые, простую',
    uk: 'спрощ*, спрост*, прост, простий, проста, просте, прості, просту',
    az: 'sadələşdir*, sadə, asan*',
    ro: 'simplific*, simplu, simplă, simple, simplei, ușor*, ușur*',
    de: 'vereinfach*, einfach*',
  }),
  concept('rights', {
    en: 'right, rights, obligation*, duty, duties, responsibilit*',
    ka: 'უფლებ*, ვალდებულებ*, პასუხისმგებლობ*',
    ru: 'право, права, прав, правам, правах, обязанност*, ответственност*',
    uk: 'право, права, прав, правам, правах, обов*язк*, обовязк*, відповідальніст*',
    az: 'hüquq, hüquqlar*, hüququ*, vəzifə*, məsuliyyət*, öhdəlik*',
    ro: 'drept, dreptul, drepturi*, obligați*, responsabilit*',
    de: 'pflicht*, verantwortung*',
  }, 'Russian and Ukrainian "право" is listed by form: "правление" (board) and "правительство" (government) start the same way.'),
  concept('contract', {
    en: 'contract*, agreement*, memorandum*',
    ka: 'ხელშეკრულებ*, მემორანდუმ*, შეთანხმებ*',
    ru: 'договор*, контракт*, соглашени*, меморандум*',
    uk: 'договор*, договір, угод*, контракт*, меморандум*',
    az: 'müqavilə*, razılaşma*, saziş*, memorandum*',
    ro: 'contract*, acord, acordul, acorduri*, acordului, memorand*',
    de: 'vertrag*, verträge*, vereinbarung*',
  }),
  concept('procurement', {
    en: 'tender*, procurement*',
    ka: 'ტენდერ*, შესყიდვ*',
    ru: 'тендер*, закупк*, закупок',
    uk: 'тендер*, закупівл*',
    az: 'tender*, satınalma*',
    ro: 'licitați*, achiziți*',
    de: 'ausschreibung*, vergabe*',
  }),

  // ── Meetings and governance ──────────────────────────────────────────────────────────────
  concept('meeting', {
    en: 'meeting*, assembl*, general meeting*, gathering*',
    ka: 'კრებ*, შეხვედრ*, საერთო კრებ*',
    ru: 'собрани*, встреч*, заседани*, общ* собрани*',
    uk: 'збори, зборів, зборах, зборам, зборами, засіданн*, зустріч*, загальн* збор*',
    az: 'yığıncaq*, iclas*, toplantı*, ümumi yığıncaq*',
    ro: 'adunar*, adunări, ședinț*, întâlnir*, adunar* general*',
    de: 'versammlung*, eigentümerversammlung*, sitzung*, treffen',
  }, 'The general meeting of owners. Ukrainian "збори" is listed by form: "збір" (fee, collection) is another concept.'),
  concept('vote', {
    en: 'vote*, voting, ballot*, poll, polls',
    ka: 'კენჭისყრ*, ხმის მიცემ*, ხმა, ხმები, ხმების',
    ru: 'голосов*, голосу*, голос, голоса',
    uk: 'голосуванн*, голосува*, голосу*, голос, голоси',
    az: 'səsvermə*, səs ver*, səs, səsi, səslər*',
    ro: 'vot, votul, voturi*, votare*, vota, votarea, votează, voteaza',
    de: 'abstimmung*, abstimm*, stimme, stimmen, wahl*',
  }),
  concept('board', {
    en: 'board, boards, committee*, council, councils, management board*',
    ka: 'გამგეობ*, საბჭო*, კომიტეტ*',
    ru: 'правлени*, совет дома, комитет*, наблюдательн* совет*',
    uk: 'правлінн*, рада, ради, раді, радою, комітет*',
    az: 'idarə heyət*, heyət üzv*, şura*, komitə*',
    ro: 'comitet*, consiliu de administrare, consili* administrați*, consiliu*, comitetul de conducere, conducer*',
    de: 'vorstand*, beirat*, verwaltungsbeirat*, ausschuss*',
  }, 'The association\'s board. Azerbaijani "heyət" (board) and "həyət" (yard) are one word without their letters, so only the phrase is listed.'),
  concept('transparency', {
    en: 'transparen*, openness, publish*, publicly, disclos*, accountab*',
    ka: 'გამჭვირვალ*, ღიაობ*, გამოქვეყნებ*, გამოაქვეყნ*, საჯაროდ, ანგარიშვალდებულ*',
    ru: 'прозрачн*, открыт*, публикац*, опубликова*, публикова*, подотчетн*',
    uk: 'прозор*, відкрит*, публікув*, публікаці*, оприлюдн*, підзвітн*',
    az: 'şəffaf*, açıq, açıqlığ*, dərc*, hesabatlılıq*',
    ro: 'transparen*, deschis*, publicar*, publicat*, răspunder*',
    de: 'transparen*, offen, offenheit, veröffentlich*, offenleg*',
  }, 'Openness of an association\'s money and decisions to its owners: transparent, open, published.'),
  concept('report', {
    en: 'report*, statement*, accounts',
    ka: 'ანგარიშ*, ანგარიშგებ*',
    ru: 'отчет*, отчетност*',
    uk: 'звіт*, звітн*',
    az: 'hesabat*',
    ro: 'raport*, dare de seam*',
    de: 'bericht*, rechenschaft*, abrechnung*',
  }),
  concept('audit', {
    en: 'audit*, inspection*, inspect*',
    ka: 'აუდიტ*, შემოწმებ*, ინსპექტირებ*',
    ru: 'аудит*, ревизи*, проверк*, обследовани*',
    uk: 'аудит*, ревізі*, перевірк*, обстеженн*',
    az: 'audit*, təftiş*, yoxlama*',
    ro: 'audit*, inspecți*, verificar*',
    de: 'audit*, prüfung*, revision*, überprüf*',
  }),
  concept('monitoring', {
    en: 'monitor*, control*, oversight, supervis*',
    ka: 'მონიტორინგ*, კონტროლ*, ზედამხედველობ*',
    ru: 'мониторинг*, контрол*, надзор*',
    uk: 'моніторинг*, контрол*, нагляд*',
    az: 'monitorinq*, nəzarət*',
    ro: 'monitoriz*, control*, suprave*',
    de: 'kontroll*, überwach*, aufsicht*, monitoring*',
  }),
  concept('management', {
    en: 'management, manage, manages, managing, administration, governance',
    ka: 'მართვ*, მენეჯმენტ*, ადმინისტრირებ*',
    ru: 'управлени*, менеджмент*, администрировани*',
    uk: 'управлінн*, керуванн*, менеджмент*, адміністрування',
    az: 'idarəetmə*, idarə et*, menecment*',
    ro: 'administrar*, gestiun*, gestionar*, management*',
    de: 'verwaltung*, management*',
  }, 'Managing a building; the company that does it is "manager" (a phrase, so it wins).'),

  // ── The building ─────────────────────────────────────────────────────────────────────────
  concept(
    'building',
    {
      en: 'building*, block, blocks, block of flats, blocks of flats, apartment block*, apartment building*, multi storey*, multistorey*, multi apartment*, high rise*, house, houses',
      ka: 'შენობ*, სახლ*, კორპუს*, მრავალბინიან*, მრავალსართულიან*',
      ru: 'дом, дома, домов, домах, домам, доме, домом, здани*, многоквартирн*, многоэтажн*, многоэтажк*, высотн*, жил* дом*',
      uk: 'будин*, будівл*, багатоквартирн*, багатоповерхів*, багатоповерхов*, висотн*',
      az: 'bina, binalar*, binaların*, binanın*, binada, binaya, binanı, çoxmənzilli*, çoxmərtəbəli*, ev, evlər*',
      ro: 'bloc, blocul, blocului, blocuri*, clădir*, imobil*, casă, case',
      de: 'gebäude*, haus, häuser, wohnhaus*, mehrfamilienhaus*, plattenbau*',
    },
    'At this café every building is a block of flats, so "multi-apartment", "multi-storey" and "building" are one.',
  ),
  concept('apartment', {
    en: 'apartment*, flat, flats',
    ka: 'ბინა, ბინის, ბინები, ბინების, ბინებს, ბინაში, ბინებში',
    ru: 'квартир*',
    uk: 'квартир*',
    az: 'mənzilin, mənzillər*',
    ro: 'apartament*',
    de: 'wohnung, wohnungen',
  }, 'Georgian "ბინა" is listed by form: it starts "ბინათმესაკუთრე" (homeowner).'),
  concept('commonproperty', {
    en: 'common property, common areas, common parts, shared property, common spaces',
    ka: 'საერთო საკუთრებ*, საერთო ქონებ*, საერთო სარგებლობ*',
    ru: 'общ* имуществ*, общедомов*, мест* общего пользования',
    uk: 'спільн* майн*, загальн* майн*, спільн* власніст*',
    az: 'ümumi əmlak*, ümumi mülkiyyət*, ümumi istifadə*',
    ro: 'proprietat* comun*, părți comune, parti comune, spați* comun*',
    de: 'gemeinschaftseigentum*, gemeinschaftsfläche*',
  }, 'The glossary\'s "common property", which the brief says the centres advise on.'),
  concept('property', {
    en: 'property, properties, asset*, real estate',
    ka: 'საკუთრებ*, ქონებ*, უძრავ* ქონებ*',
    ru: 'имуществ*, собственност*, недвижимост*',
    uk: 'майн*, власніст*, нерухоміст*',
    az: 'əmlak*, mülkiyyət, mülkiyyəti, mülkiyyətin, daşınmaz əmlak*',
    ro: 'proprietat*, bun* imobil*',
    de: 'eigentum, vermögen*, immobilie*',
  }),
  concept('repair', {
    en: 'repair*, renovat*, refurbish*, overhaul*, fix, fixing, rehabilitat*, capital repair*',
    ka: 'შეკეთებ*, რემონტ*, სარემონტო*, რეაბილიტაცი*, შეაკეთ*',
    ru: 'ремонт*, отремонтир*, капремонт*, починк*, реконструкц*, восстановлени*, реставрац*',
    uk: 'ремонт*, відремонт*, капремонт*, реконструкц*, відновленн*',
    az: 'təmir*, bərpa*, yenidənqurma*',
    ro: 'reparați*, repara*, renovar*, reabilitar*, reparat*',
    de: 'reparatur*, sanierung*, saniert*, instandsetz*, renovier*, instandhalt*',
  }),
  concept('maintenance', {
    en: 'maintenance, maintain*, upkeep, servicing',
    ka: 'მოვლ*, ტექნიკურ* მომსახურებ*',
    ru: 'обслуживани*, содержани* дом*, эксплуатац*',
    uk: 'обслуговуванн*, утриманн*, експлуатаці*',
    az: 'texniki xidmət*, saxlanılma*, istismar*',
    ro: 'întreținer*, intretiner*',
    de: 'wartung*, instandhaltung*, pflege',
  }, 'Day-to-day upkeep of the common property, which the brief names beside repairs.'),
  concept('roof', {
    en: 'roof*, rooftop*',
    ka: 'სახურავ*',
    ru: 'крыш*, кровл*, кровель*',
    uk: 'дах, даху, дахів, дахи, дахах, дахом, покрівл*',
    az: 'dam, damı, damın, damlar*, dama, damda, örtük*',
    ro: 'acoperiș*, acoperis*',
    de: 'dach*, dächer*',
  }),
  concept('lift', {
    en: 'lift, lifts, elevator*',
    ka: 'ლიფტ*',
    ru: 'лифт*',
    uk: 'ліфт*',
    az: 'lift*',
    ro: 'lift, liftul, lifturi*, ascensor*',
    de: 'aufzug*, aufzüge*, fahrstuhl*, lift',
  }),
  concept('entrance', {
    en: 'entrance*, staircase*, stairwell*, stairs, hallway*, corridor*',
    ka: 'სადარბაზო*, კიბე*, კიბის',
    ru: 'подъезд*, лестниц*, лестничн*',
    uk: 'під*їзд*, підїзд*, сходов*, сходи, сходах',
    az: 'pilləkən*, blok giriş*, giriş*',
    ro: 'scar*, scara blocului, intrar*, hol, holul',
    de: 'treppenhaus*, eingang*, flur*',
  }),
  concept('basement', {
    en: 'basement*, cellar*, attic*, pipes, pipe, plumbing',
    ka: 'სარდაფ*, სხვენ*, მილები, მილების, მილის',
    ru: 'подвал*, чердак*, труб*, трубопровод*',
    uk: 'підвал*, горищ*, труб*',
    az: 'zirzəmi*, çardaq*, boru*',
    ro: 'subsol*, pod, mansard*, țevi*, conduct*',
    de: 'keller*, dachboden*, rohr*, rohre',
  }, 'The building\'s hidden common parts and its pipes: what tables list when they speak of technical state.'),
  concept('yard', {
    en: 'yard*, courtyard*, playground*, green space*, territory, grounds',
    ka: 'ეზო*, სათამაშო მოედ*',
    ru: 'двор, двора, дворе, дворы, дворов, дворов*, придомов*, территори*, детск* площадк*',
    uk: 'подвір*, двір, двору, дворі, прибудинков*, територі*, дитяч* майданчик*',
    az: 'uşaq meydança*, yaşıllıq*',
    ro: 'curte, curtea, curți, teren*, spați* verzi, loc* de joacă',
    de: 'hof, innenhof*, spielplatz*, grünfläche*',
  }, 'Azerbaijani "həyət" is left out: without its letters it is "heyət" (board).'),
  concept('waste', {
    en: 'waste, garbage, rubbish, trash, recycl*',
    ka: 'ნაგავ*, ნარჩენ*',
    ru: 'мусор*, отход*',
    uk: 'смітт*, відход*',
    az: 'tullantı*, zibil*',
    ro: 'deșeu*, gunoi*, reciclar*',
    de: 'müll*, abfall*, recycling*',
  }),
  concept('safety', {
    en: 'safety, safe, security, secure*',
    ka: 'უსაფრთხოებ*, უსაფრთხო*',
    ru: 'безопасн*',
    uk: 'безпек*, безпечн*',
    az: 'təhlükəsiz*',
    ro: 'siguranț*, securit*',
    de: 'sicherheit*, sicher',
  }),
  concept('disaster', {
    en: 'disaster*, earthquake*, flood*, fire, fires, emergenc*',
    ka: 'სტიქი*, მიწისძვრ*, ხანძ*, წყალდიდობ*, საგანგებო*',
    ru: 'стихийн*, бедстви*, землетрясени*, пожар*, наводнени*, чрезвычайн*',
    uk: 'стихійн*, лих*, землетрус*, пожеж*, повін*, повен*, надзвичайн*',
    az: 'fəlakət*, zəlzələ*, yanğın*, daşqın*, fövqəladə*',
    ro: 'calamit*, dezastr*, cutremur*, incendi*, inundați*, urgenț*',
    de: 'katastroph*, erdbeben*, brand, hochwasser*, notfall*',
  }),
  concept('insurance', {
    en: 'insur*',
    ka: 'დაზღვევ*, სადაზღვევო*, დააზღვი*',
    ru: 'страхов*, застрахов*, страховани*',
    uk: 'страхуванн*, страхов*, застрахув*, страхув*',
    az: 'sığorta*',
    ro: 'asigurar*, asigurări, asigurator*, poliț* de asigurare',
    de: 'versicher*',
  }, 'Romanian "asigura" alone also means ensure; only the noun forms are listed.'),

  // ── Energy and utilities ─────────────────────────────────────────────────────────────────
  concept('energy', {
    en: 'energy, energetic, energies',
    ka: 'ენერგი*, ენერგეტიკ*',
    ru: 'энерги*, энергетическ*',
    uk: 'енергі*, енергетичн*',
    az: 'enerji*',
    ro: 'energi*, energetic*',
    de: 'energie*, energetisch*',
  }),
  concept('efficiency', {
    en: 'efficien*, effective*',
    ka: 'ეფექტურ*, ეფექტიან*',
    ru: 'эффективн*',
    uk: 'ефективн*',
    az: 'səmərəli*, səmərəlilik*, effektiv*',
    ro: 'eficien*, eficac*',
    de: 'effizien*, effektiv*',
  }),
  concept('insulation', {
    en: 'insulat*, thermal insulat*, thermal moderni*, thermomoderni*, warming',
    ka: 'თბოიზოლაცი*, იზოლაცი*, დათბუნებ*, თერმომოდერნიზაცი*',
    ru: 'утеплени*, утепл*, теплоизоляц*, изоляц*, термомодерниз*, тепловая модернизац*',
    uk: 'утепленн*, утепл*, теплоізоляці*, ізоляці*, термомодерніз*, теплова модернізаці*',
    az: 'istilik izolyasiya*, izolyasiya*, istiləşdir*',
    ro: 'izolar*, termoizol*, anvelopar*, reabilitar* termic*, izolați*',
    de: 'dämmung*, wärmedämm*, isolier*, dämm*',
  }, 'Insulation and "thermal modernisation" (the Ukrainian programme\'s term, insulation of walls and roofs first) are one measure.'),
  concept('heating', {
    en: 'heating, heat, thermal, boiler*, radiator*',
    ka: 'გათბობ*, სითბ*, ქვაბ*, რადიატორ*',
    ru: 'отоплени*, тепл, тепло, тепла, теплу, теплом, теплоснабжени*, котел*, котл*, радиатор*, батаре*',
    uk: 'опаленн*, тепло, тепла, теплу, теплом, теплопостачанн*, котел*, котл*, радіатор*, батаре*',
    az: 'istilik*, isitmə*, radiator*',
    ro: 'încălzir*, căldur*, termoficar*, central* termic*, calorifer*',
    de: 'heizung*, wärme*, heiz*',
  }, 'Russian and Ukrainian "тепло" is listed by form: "теплоизоляция" (insulation) starts the same way.'),
  concept('water', {
    en: 'water',
    ka: 'წყალ*, წყლ*, წყალმომარაგებ*',
    ru: 'вода, воды, воду, водой, водоснабжени*, водоканал*, водопровод*',
    uk: 'вода, води, воду, водою, водопостачанн*, водоканал*, водогін*',
    az: 'su, suyu, su təchizat*, suyun',
    ro: 'apă, apa, apei, apelor, alimentare cu apă',
    de: 'wasser*',
  }),
  concept('electricity', {
    en: 'electricity, electric*, power supply',
    ka: 'ელექტროენერგი*, ელექტრობ*, დენ',
    ru: 'электроэнерги*, электричеств*, электроснабжени*',
    uk: 'електроенергі*, електрик*, електропостачанн*',
    az: 'elektrik*, elektrik enerji*',
    ro: 'electricit*, electric*, curent electric',
    de: 'strom*, elektrizität*',
  }),
  concept('gas', {
    en: 'gas',
    ka: 'გაზ*, ბუნებრივ* აირ*',
    ru: 'газ, газа, газу, газом, газов*, газоснабжени*',
    uk: 'газ, газу, газом, газов*, газопостачанн*',
    az: 'qaz, qazın, qazı, qaz təchizat*',
    ro: 'gaz, gaze, gazul, gazului, gaze naturale',
    de: 'gas, erdgas*',
  }),
  concept(
    'utility',
    {
      en: 'utilit*, utility compan*, service provider*, supplier*, provider*, public services',
      ka: 'კომუნალურ*, მომწოდებ*, კომუნალურ* კომპანი*, მომსახურების მიმწოდებ*',
      ru: 'коммунальн*, поставщик*, ресурсоснабжающ*, жкх, коммунальн* услуг*, коммунальн* предприяти*',
      uk: 'комунальн*, постачальник*, жкг, комунальн* послуг*, комунальн* підприємств*',
      az: 'kommunal*, təchizatçı*, kommunal xidmət*, kommunal şirkət*',
      ro: 'utilităț*, utilitati*, furnizor*, servicii comunale, comunal*, regii*',
      de: 'versorger*, stadtwerke*, versorgungsunternehm*, energieversorger*',
    },
    'Utility services and the companies that supply them (heat, water, gas, power): in housing, "the supplier" is the utility. ' +
      '"Kommunal" is the Azerbaijani word here (the German one means municipal).',
  ),

  // ── What proposals do: general verbs and qualities of the field ──────────────────────────
  concept('service', {
    en: 'service, services',
    ka: 'მომსახურებ*, სერვის*',
    ru: 'услуг*, сервис*',
    uk: 'послуг*, сервіс*',
    az: 'xidmət*',
    ro: 'servici*',
    de: 'dienstleistung*, service*, dienst',
  }),
  concept('project', {
    en: 'project*, programme*, program, programs',
    ka: 'პროექტ*, პროგრამ*',
    ru: 'проект*, программ*',
    uk: 'проект*, проєкт*, програм*',
    az: 'layihə*, proqram*',
    ro: 'proiect*, program*',
    de: 'projekt*, programm*',
  }),
  concept('end', {
    en: 'end, ends, ended, ending, completion, finish*, closure',
    ka: 'დასრულებ*, დამთავრებ*, დასრულდ*',
    ru: 'окончани*, завершени*, заверш*, конец, конца, закрыти*',
    uk: 'завершенн*, закінченн*, закінч*, заверш*, кінц*, кінець',
    az: 'bitdik*, bitmə*, başa çat*, bitəndən, bitdikdən, sona çat*',
    ro: 'încheier*, finaliz*, sfârșit*, termin*',
    de: 'ende, abschluss*, auslauf*, beend*',
  }),
  concept('keep', {
    en: 'keep, keeps, continue*, continuation, preserve*, retain*, remain*, carry on, from now on, further on, onwards',
    ka: 'შენარჩუნებ*, შევინარჩუნ*, შეინარჩუნ*, გაგრძელებ*, გააგრძელ*, დარჩ*, კვლავაც, ისევ',
    ru: 'сохран*, продолж*, оставить, остаться, впредь, и дальше, и далее, по-прежнему',
    uk: 'зберег*, збереж*, продовж*, залишит*, зберіга*, надалі, і далі, й далі, як і раніше',
    az: 'saxla*, davam et*, davam*, qoru*, bundan sonra da, əvvəlki kimi',
    ro: 'păstr*, continu*, menține*, mentine*, rămân*, în continuare, mai departe',
    de: 'erhalt*, beibehalt*, fortführ*, weiterführ*, fortsetz*, bleib*, weiterhin, auch künftig',
  }, 'Keeping a service running after the project: the centre\'s sustainability in the form tables write it — also as the adverb ("працювати й надалі", "работать и дальше": go on working).'),
  concept('work', {
    en: 'work, works, working, operate*, operating, run, runs, running, function*',
    ka: 'მუშაობ*, ფუნქციონირებ*, იმუშაოს, მუშაობდ*',
    ru: 'работ*, функционир*, действова*, действу*',
    uk: 'працю*, працюва*, робот*, функціону*, діяти, діяль*',
    az: 'işlə*, fəaliyyət*, çalış*',
    ro: 'funcționa*, funcționeze, functioneze, lucr*, activ*',
    de: 'arbeit*, funktionier*, betrieb*, laufen',
  }),
  concept('support', {
    en: 'support*, help, helps, helping, assist*, aid',
    ka: 'მხარდაჭერ*, დახმარებ*, დაეხმარ*, ხელშეწყობ*',
    ru: 'поддерж*, помощ*, помога*, помочь, содейств*',
    uk: 'підтрим*, допомог*, сприян*',
    az: 'dəstək*, yardım*, kömək*',
    ro: 'sprijin*, ajutor*, susțin*, asistenț*, ajuta*',
    de: 'unterstütz*, hilfe*, helfen, förder*',
  }),
  concept('create', {
    en: 'create*, creation, establish*, set up, setup, founding, launch*, start*',
    ka: 'შექმნ*, შეიქმნ*, დაარსებ*, ჩამოყალიბებ*, ამოქმედებ*',
    ru: 'созда*, создать, учреди*, учрежд*, запуст*, организова*',
    uk: 'створ*, заснуванн*, заснува*, запуст*, організува*',
    az: 'yarat*, təsis*, qurmaq, qurulma*, yaradılma*',
    ro: 'crea, crearea, creare, creeze, crează, înființ*, lansar*, lansa*',
    de: 'gründung*, gründen, schaff*, einricht*, aufbau*, einführ*',
  }),
  concept(
    'involve',
    {
      en: 'involve*, engage*, attract*, recruit*, mobilis*, mobiliz*, participat*, encourage*, include*, inclusion',
      ka: 'ჩართვ*, ჩართულობ*, ჩაერთ*, მოზიდვ*, მონაწილეობ*, წახალისებ*',
      ru: 'привлеч*, привлека*, вовлеч*, вовлека*, участи*, участвова*, мобилиз*, стимулирова*, поощр*',
      uk: 'залуч*, заохоч*, участь, участі, брати участь, мобіліз*, стимулюв*',
      az: 'cəlb*, iştirak*, səfərbər*, həvəsləndir*, təşviq*',
      ro: 'implic*, atrage*, atragere*, atragerea, mobiliz*, participar*, încuraj*, stimul*',
      de: 'einbezieh*, einbind*, beteilig*, gewinnen, teilnahme*, ermutig*',
    },
    'Bringing people or money in: the café\'s languages use one verb for both (залучити, привлечь, atragere, cəlb etmək). ' +
      'Taking part is the same idea seen from the other side.',
  ),
  concept('increase', {
    en: 'increase*, raise*, grow*, boost*, expand*, more, extend*, strengthen*',
    ka: 'გაზრდ*, გაზარდ*, მეტი, გაფართოებ*, გაძლიერებ*',
    ru: 'увелич*, больше, расшир*, усил*, повыш*, рост*',
    uk: 'збільш*, більше, розшир*, посил*, підвищ*, зростанн*',
    az: 'artır*, artım*, genişləndir*, gücləndir*, çoxalt*',
    ro: 'crește*, spori*, multe, extinde*, extinder*, consolid*',
    de: 'erhöh*, mehr, ausbau*, ausweit*, stärken, stärkung*',
  }),
  concept('replace', {
    en: 'replac*, renew*, substitut*',
    ka: 'გამოცვლ*, ჩანაცვლებ*, გამოცვალ*',
    ru: 'замен*, заменит*, обновлени*, обнови*',
    uk: 'замін*, замінит*, оновленн*, онови*',
    az: 'əvəz*, dəyişdiril*, dəyişdirmək, yenilən*, yeniləmə*',
    ro: 'înlocui*, înlocuir*, înnoir*',
    de: 'ersetz*, ersatz*, erneuer*',
  }),
  concept('old', {
    en: 'old, older, aging, ageing, worn, outdated, obsolete, dilapidated',
    ka: 'ძველ*, მოძველებ*, ამორტიზებ*',
    ru: 'старый, старые, старых, старого, старой, старым, старыми, старое, старую, изношен*, ветх*, устаревш*, аварийн*',
    uk: 'старий, старі, старих, старого, старої, старим, старими, старе, стару, зношен*, застаріл*, аварійн*',
    az: 'köhnə*, köhnəlmiş*, qəzalı*',
    ro: 'vechi, vechile, vechilor, vechea, uzat*, degradat*, învechit*',
    de: 'alt, alte, alten, alter, altes, veraltet*, marode*',
  }, 'Russian and Ukrainian "старый" is listed by form: "староста" and "стараться" start the same way.'),
  concept('modernisation', {
    en: 'moderni*, upgrade*, new, modern',
    ka: 'მოდერნიზაცი*, განახლებ*, ახალ*, თანამედროვე*',
    ru: 'модерниз*, нов, новый, новые, новых, новым, современн*',
    uk: 'модерніз*, новий, нові, нових, новим, сучасн*',
    az: 'modernləşdir*, müasirləşdir*, yeni, yenisi, müasir*',
    ro: 'moderniz*, nou, noi, noua, nouă, modern*',
    de: 'modernisier*, neu, neue, neuen, modern*',
  }),
  concept('regular', {
    en: 'regular*, periodic*, ongoing, permanent*, continuous*, systematic*',
    ka: 'რეგულარულ*, პერიოდულ*, მუდმივ*, სისტემატურ*',
    ru: 'регулярн*, периодическ*, постоянн*, систематическ*',
    uk: 'регулярн*, періодичн*, постійн*, систематичн*',
    az: 'müntəzəm*, mütəmadi*, daimi*, dövri*, sistemli*',
    ro: 'regulat*, periodic*, permanent*, sistematic*, continuu, continue',
    de: 'regelmäßig*, laufend*, ständig*, dauerhaft*, periodisch*',
  }, 'Regular is kept apart from yearly: "every year" is one kind of regular, but tables who mean yearly say so.'),
  concept('yearly', {
    en: 'annual*, yearly, year, years',
    ka: 'ყოველწლიურ*, წლიურ*, წელს, წელიწადში',
    ru: 'ежегодн*, год, года, годом, году, ежегодно',
    uk: 'щорічн*, щороку, щоріч*, рік, року, щорок*',
    az: 'illik*, ildə bir',
    ro: 'anual*, anuale, anul, anului',
    de: 'jährlich*, jahr, jahre, jahres',
  }),
  concept('evening', {
    en: 'evening*, night*',
    ka: 'საღამო*, ღამ*',
    ru: 'вечер*, вечером',
    uk: 'вечор*, ввечері, вечір, вечері',
    az: 'axşam*, gecə*',
    ro: 'seara, seară, serii, serile, seral*',
    de: 'abend*, abends',
  }),
  concept('local', {
    en: 'local*',
    ka: 'ადგილობრივ*',
    ru: 'местн*',
    uk: 'місцев*',
    az: 'yerli*',
    ro: 'local*',
    de: 'lokal*, örtlich*',
  }, 'Local as such (a local business); a local budget or local authority is the municipality (listed there as phrases).'),
  concept('national', {
    en: 'national*, nationwide, country wide, countrywide',
    ka: 'ეროვნულ*, ქვეყნის მასშტაბ*',
    ru: 'национальн*, общенациональн*, всероссийск*, республиканск*',
    uk: 'національн*, всеукраїнськ*, загальнонаціональн*',
    az: 'milli*, ölkə üzrə, respublika*',
    ro: 'național*, national*',
    de: 'national*, bundesweit*, landesweit*',
  }),
  concept('international', {
    en: 'international*',
    ka: 'საერთაშორისო*',
    ru: 'международн*',
    uk: 'міжнародн*',
    az: 'beynəlxalq*',
    ro: 'internațional*, international*',
    de: 'international*',
  }),
  concept('eu', {
    en: 'eu, european union, europe*',
    ka: 'ევროკავშირ*, ევროპ*',
    ru: 'евросоюз*, европейск* союз*, европ*',
    uk: 'єс, євросоюз*, європейськ* союз*, європ*',
    az: 'avropa ittifaq*, avropa*',
    ro: 'ue, uniunea europeană, uniune* europe*, europ*',
    de: 'eu, europäische union, europ*',
  }),
  concept('office', {
    en: 'office*, premises, room*, space',
    ka: 'ოფის*, ოთახ*',
    ru: 'офис*, помещени*, кабинет*',
    uk: 'офіс*, приміщенн*, кабінет*',
    az: 'ofis*, otaq*, bina sahə*',
    ro: 'birou*, sediu*, spați*, spatii, spatiu, încăper*',
    de: 'büro*, räum*, raum*, räumlichkeit*',
  }),
  concept('procedure', {
    en: 'procedure*, process*, mechanism*, rules',
    ka: 'პროცედურ*, მექანიზმ*, წესი, წესები, წესის',
    ru: 'процедур*, механизм*, порядок, порядка, правила, правил',
    uk: 'процедур*, механізм*, порядок, порядку, правила, правил',
    az: 'prosedur*, mexanizm*, qayda*',
    ro: 'procedur*, mecanism*, reguli, regulile, procesul, proces',
    de: 'verfahren*, prozess*, mechanismus*, regeln',
  }),
  concept('plan', {
    en: 'plan, plans, planning, strategy, strategies, strategic*',
    ka: 'გეგმ*, სტრატეგი*, დაგეგმვ*',
    ru: 'план, планы, плана, планов, планирован*, стратеги*',
    uk: 'план, плани, плану, планів, плануванн*, стратегі*',
    az: 'plan, planı, planlar*, planlaşdır*, strategiya*',
    ro: 'plan, planul, planuri*, planificar*, strategi*',
    de: 'plan, pläne, planung*, strategie*',
  }, 'Listed by form where "план" starts other words (платформа is not, but планета is).'),
]

/**
 * Words made of two concepts in one, as the café's languages build them ("енергоаудит" is an
 * energy audit; "Eigentümerversammlung" an owners' meeting). Each entry gives all its concepts.
 */
export const COMPOUNDS: readonly (readonly [string, readonly string[]])[] = [
  ['energy audit*, энергоаудит*, енергоаудит*, ენერგოაუდიტ*, enerji audit*, audit energetic, energieaudit*', ['energy', 'audit']],
  ['energy efficien*, энергоэффективн*, енергоефективн*, ენერგოეფექტურ*, enerji səmərəli*, energieeffizien*', ['energy', 'efficiency']],
  ['energy saving*, энергосбережени*, энергосберега*, енергозбереженн*, енергозберігаюч*, ენერგოდაზოგ*, enerjiyə qənaət*, economi* de energie, energieeinspar*', ['energy', 'saving']],
  ['repair fund*, ремонтн* фонд*, фонд* ремонт*, ремонтн* фонд*, სარემონტო ფონდ*, təmir fond*, fond* de reparați*, fond* reparati*, instandhaltungsrücklage*, reparaturfonds*', ['repair', 'fund']],
  ['капремонт*, капитальн* ремонт*, капітальн* ремонт*, capital repair*, major repair*, reparați* capitale, reparatii capitale, əsaslı təmir*, კაპიტალურ* რემონტ*', ['repair']],
  ['eigentümerversammlung*, owners meeting*, собрани* собственник*, збор* співвласник*, mesakutreta kreba, adunar* proprietari*', ['owner', 'meeting']],
  ['e voting, evoting, e vote, электронн* голосовани*, електронн* голосуванн*, vot electronic, votul electronic, elektron səsvermə*, ელექტრონულ* კენჭისყრ*', ['online', 'vote']],
  ['webinar*, вебинар*, вебінар*, ვებინარ*, vebinar*', ['online', 'training']],
  ['membership fee*, членск* взнос*, членськ* внес*, üzvlük haqq*, საწევრო შენატან*, cotizați* de membru, mitgliedsbeitrag*', ['member', 'fee']],
]

/** Marks a concept token: a letter no script of the café has, so no typed word starts with it. */
export const CONCEPT_MARK = 'ᛝ'

/** Whether a word is a concept token (as made by {@link readConcepts}). */
export const isConceptToken = (word: string): boolean => word.startsWith(CONCEPT_MARK)

interface EntryWord {
  text: string
  stem: boolean
}
interface Entry {
  words: EntryWord[]
  concepts: string[]
  /** Letters in the entry: the more, the more specific. */
  size: number
  /** Order of definition, the last tie-break. */
  order: number
}

/** Shortest stem or word in which one typo is forgiven. */
const LEXICON_TYPO_MIN = 6

/** One substitution, insertion, deletion or swap apart (or equal). */
function oneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let end = 0
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++
  const restA = a.length - start - end
  const restB = b.length - start - end
  if (restA <= 1 && restB <= 1) return true
  return restA === 2 && restB === 2 && a[start] === b[start + 1] && a[start + 1] === b[start]
}

/** 2 for an exact reading, 1 for a reading with one typo, 0 for none. */
function wordReading(entry: EntryWord, word: string): number {
  const e = entry.text
  if (entry.stem) {
    if (word.startsWith(e)) return 2
    if (e.length < LEXICON_TYPO_MIN || word.length < e.length - 1) return 0
    for (const n of [e.length, e.length - 1, e.length + 1])
      if (n <= word.length && oneEdit(e, word.slice(0, n))) return 1
    return 0
  }
  if (word === e) return 2
  return e.length >= LEXICON_TYPO_MIN && oneEdit(e, word) ? 1 : 0
}

/** Parses "word, stem*, two words" into entry words, normalised like proposals, without function words. */
function parseEntries(list: string): EntryWord[][] {
  const out: EntryWord[][] = []
  for (const raw of list.split(',')) {
    const words: EntryWord[] = []
    for (const part of raw.trim().split(/\s+/u)) {
      if (part === '') continue
      const stem = part.endsWith('*')
      // "об*єднан*": a star inside stands for an apostrophe, which normalisation drops anyway.
      const pieces = proposalWords(part.replace(/\*$/u, '').replace(/\*/gu, ''))
      pieces.forEach((text, k) => words.push({ text, stem: stem && k === pieces.length - 1 }))
    }
    const content = words.filter((w) => !isFunctionWord(w.text))
    const kept = content.length > 0 ? content : words
    if (kept.length > 0) out.push(kept)
  }
  return out
}

const KEY_LENGTH = 3
const keyOf = (text: string): string => text.slice(0, KEY_LENGTH)

/** Entries by the first letters of their first word. */
const INDEX = new Map<string, Entry[]>()
let order = 0
function addEntries(list: string, concepts: readonly string[]): void {
  for (const words of parseEntries(list)) {
    const entry: Entry = { words, concepts: [...concepts], size: words.reduce((n, w) => n + w.text.length, 0), order: order++ }
    const key = keyOf(words[0]!.text)
    const bucket = INDEX.get(key)
    if (bucket) bucket.push(entry)
    else INDEX.set(key, [entry])
  }
}
for (const c of CONCEPTS) for (const list of Object.values(c.words)) addEntries(list, [c.id])
for (const [list, ids] of COMPOUNDS) addEntries(list, ids)

/** The concept token of a concept id. */
export const conceptToken = (id: string): string => `${CONCEPT_MARK}${id}`

interface Reading {
  length: number
  quality: number
  entry: Entry
}

/** The best entry reading `words` from `at`, if any. */
function readAt(words: readonly string[], at: number): Reading | undefined {
  const bucket = INDEX.get(keyOf(words[at]!))
  if (!bucket) return undefined
  let best: Reading | undefined
  for (const entry of bucket) {
    if (at + entry.words.length > words.length) continue
    let quality = 2
    for (let k = 0; k < entry.words.length && quality > 0; k++) quality = Math.min(quality, wordReading(entry.words[k]!, words[at + k]!))
    if (quality === 0) continue
    const better =
      !best ||
      entry.words.length > best.length ||
      (entry.words.length === best.length &&
        (quality > best.quality ||
          (quality === best.quality && (entry.size > best.entry.size || (entry.size === best.entry.size && entry.order < best.entry.order)))))
    if (better) best = { length: entry.words.length, quality, entry }
  }
  return best
}

/**
 * Content words read against the thesaurus: each word or phrase it knows becomes its concepts'
 * tokens (each concept once per text), every other word stays as it is. Words are expected
 * normalised (normalise.ts); concept tokens pass through unchanged, so reading twice changes
 * nothing more.
 */
export function readConcepts(words: readonly string[]): string[] {
  const out: string[] = []
  const seen = new Set<string>()
  let at = 0
  while (at < words.length) {
    const word = words[at]!
    if (isConceptToken(word)) {
      if (!seen.has(word)) out.push(word)
      seen.add(word)
      at++
      continue
    }
    const reading = readAt(words, at)
    if (!reading) {
      out.push(word)
      at++
      continue
    }
    for (const id of reading.entry.concepts) {
      const token = conceptToken(id)
      if (seen.has(token)) continue
      seen.add(token)
      out.push(token)
    }
    at += reading.length
  }
  return out
}

/** The concept ids defined, for tests and the benchmark's notes. */
export const conceptIds = (): string[] => CONCEPTS.map((c) => c.id)
