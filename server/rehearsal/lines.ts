/**
 * What simulated guests are called and what they write: a short built-in list per language, not
 * the café's topic — the rehearsal tries timing and screens, not content. Names say plainly that
 * they are not people, so nobody mistakes a rehearsal's leftovers for a participant.
 */
import type { Proposal } from '../../shared/cloth/schema.js'
import type { RehearsalLanguage } from '../../shared/protocol/rehearsal.js'

export interface RehearsalLines {
  /** "Rehearsal guest 3". */
  guest: (n: number) => string
  sentences: readonly string[]
  proposals: readonly Omit<Proposal, 'id'>[]
}

export const REHEARSAL_LINES: Record<RehearsalLanguage, RehearsalLines> = {
  en: {
    guest: (n) => `Rehearsal guest ${n}`,
    sentences: [
      'Homeowners come to us first when the roof leaks.',
      'The hotline answers about forty calls a week.',
      'Training for association chairs made the biggest difference.',
      'Without the centre, nobody would explain the new housing law.',
      'Small repairs could be paid for by the associations themselves.',
      'The municipality could share the cost of the office.',
      'We should keep a list of trusted contractors.',
      'A yearly report would show donors what changed.',
    ],
    proposals: [
      { title: 'Paid advice for large associations', what: 'A small fee for in-depth advice; basic advice stays free.', who: 'Centre staff', when: 'Next year' },
      { title: 'Partnership with the municipality', what: 'The city covers the rent and utilities of the centre.', who: 'Centre director', when: 'Within six months' },
      { title: 'Shared list of contractors', what: 'Publish contractors rated by associations.', who: 'Association chairs', when: 'This autumn' },
    ],
  },
  de: {
    guest: (n) => `Probegast ${n}`,
    sentences: [
      'Wenn das Dach undicht ist, kommen die Eigentümer zuerst zu uns.',
      'Die Hotline beantwortet etwa vierzig Anrufe pro Woche.',
      'Die Schulungen für Vorsitzende haben am meisten bewirkt.',
      'Ohne das Zentrum würde niemand das neue Wohnungsgesetz erklären.',
      'Kleine Reparaturen könnten die Vereine selbst bezahlen.',
      'Die Stadt könnte sich an den Bürokosten beteiligen.',
      'Wir sollten eine Liste verlässlicher Handwerker führen.',
      'Ein Jahresbericht würde den Gebern zeigen, was sich verändert hat.',
    ],
    proposals: [
      { title: 'Bezahlte Beratung für große Vereine', what: 'Eine kleine Gebühr für vertiefte Beratung; die Grundberatung bleibt kostenlos.', who: 'Team des Zentrums', when: 'Nächstes Jahr' },
      { title: 'Partnerschaft mit der Stadt', what: 'Die Stadt übernimmt Miete und Nebenkosten des Zentrums.', who: 'Leitung des Zentrums', when: 'Innerhalb von sechs Monaten' },
      { title: 'Gemeinsame Handwerkerliste', what: 'Von Vereinen bewertete Handwerker veröffentlichen.', who: 'Vereinsvorsitzende', when: 'Diesen Herbst' },
    ],
  },
  ru: {
    guest: (n) => `Гость репетиции ${n}`,
    sentences: [
      'Когда протекает крыша, жильцы сначала идут к нам.',
      'Горячая линия отвечает примерно на сорок звонков в неделю.',
      'Больше всего помогло обучение председателей объединений.',
      'Без центра никто бы не объяснил новый жилищный закон.',
      'Мелкий ремонт объединения могли бы оплачивать сами.',
      'Муниципалитет мог бы взять на себя часть расходов на офис.',
      'Нужно вести список надёжных подрядчиков.',
      'Годовой отчёт показал бы донорам, что изменилось.',
    ],
    proposals: [
      { title: 'Платные консультации для больших объединений', what: 'Небольшая плата за подробную консультацию; базовая остаётся бесплатной.', who: 'Сотрудники центра', when: 'В следующем году' },
      { title: 'Партнёрство с муниципалитетом', what: 'Город оплачивает аренду и коммунальные услуги центра.', who: 'Директор центра', when: 'В течение полугода' },
      { title: 'Общий список подрядчиков', what: 'Опубликовать подрядчиков с оценками объединений.', who: 'Председатели объединений', when: 'Этой осенью' },
    ],
  },
  uk: {
    guest: (n) => `Гість репетиції ${n}`,
    sentences: [
      'Коли протікає дах, мешканці спершу звертаються до нас.',
      'Гаряча лінія відповідає приблизно на сорок дзвінків на тиждень.',
      'Найбільше допомогло навчання голів об’єднань.',
      'Без центру ніхто б не пояснив новий житловий закон.',
      'Дрібний ремонт об’єднання могли б оплачувати самі.',
      'Громада могла б узяти на себе частину витрат на офіс.',
      'Варто вести список надійних підрядників.',
      'Річний звіт показав би донорам, що змінилося.',
    ],
    proposals: [
      { title: 'Платні консультації для великих об’єднань', what: 'Невелика плата за детальну консультацію; базова лишається безкоштовною.', who: 'Працівники центру', when: 'Наступного року' },
      { title: 'Партнерство з громадою', what: 'Місто оплачує оренду та комунальні послуги центру.', who: 'Директор центру', when: 'Протягом пів року' },
      { title: 'Спільний список підрядників', what: 'Оприлюднити підрядників з оцінками об’єднань.', who: 'Голови об’єднань', when: 'Цієї осені' },
    ],
  },
  ka: {
    guest: (n) => `სარეპეტიციო სტუმარი ${n}`,
    sentences: [
      'როცა სახურავი ჟონავს, მესაკუთრეები ჯერ ჩვენთან მოდიან.',
      'ცხელი ხაზი კვირაში დაახლოებით ორმოც ზარს პასუხობს.',
      'ყველაზე მეტად ამხანაგობების თავმჯდომარეების სწავლებამ იმოქმედა.',
      'ცენტრის გარეშე ახალ საბინაო კანონს არავინ აგვიხსნიდა.',
      'მცირე რემონტს ამხანაგობები თავად გადაიხდიდნენ.',
      'მუნიციპალიტეტს შეეძლო ოფისის ხარჯების ნაწილი დაეფარა.',
      'სანდო კონტრაქტორების სია უნდა ვაწარმოოთ.',
      'წლიური ანგარიში დონორებს აჩვენებდა, რა შეიცვალა.',
    ],
    proposals: [
      { title: 'ფასიანი კონსულტაცია დიდი ამხანაგობებისთვის', what: 'მცირე საფასური სიღრმისეულ რჩევაზე; ძირითადი რჩევა უფასო რჩება.', who: 'ცენტრის თანამშრომლები', when: 'მომავალ წელს' },
      { title: 'პარტნიორობა მუნიციპალიტეტთან', what: 'ქალაქი ფარავს ცენტრის ქირასა და კომუნალურ ხარჯებს.', who: 'ცენტრის დირექტორი', when: 'ექვს თვეში' },
      { title: 'კონტრაქტორების საერთო სია', what: 'გამოქვეყნდეს ამხანაგობების მიერ შეფასებული კონტრაქტორები.', who: 'ამხანაგობების თავმჯდომარეები', when: 'ამ შემოდგომაზე' },
    ],
  },
  az: {
    guest: (n) => `Məşq qonağı ${n}`,
    sentences: [
      'Dam axanda sakinlər əvvəlcə bizə müraciət edirlər.',
      'Qaynar xətt həftədə təxminən qırx zəngə cavab verir.',
      'Ən çox fayda birliklərin sədrləri üçün təlimlərdən oldu.',
      'Mərkəz olmasaydı, yeni mənzil qanununu heç kim izah etməzdi.',
      'Kiçik təmirləri birliklər özləri ödəyə bilərdi.',
      'Bələdiyyə ofis xərclərinin bir hissəsini öz üzərinə götürə bilərdi.',
      'Etibarlı podratçıların siyahısını aparmalıyıq.',
      'İllik hesabat donorlara nəyin dəyişdiyini göstərərdi.',
    ],
    proposals: [
      { title: 'Böyük birliklər üçün ödənişli məsləhət', what: 'Ətraflı məsləhət üçün kiçik haqq; əsas məsləhət pulsuz qalır.', who: 'Mərkəzin əməkdaşları', when: 'Gələn il' },
      { title: 'Bələdiyyə ilə tərəfdaşlıq', what: 'Şəhər mərkəzin icarə və kommunal xərclərini ödəyir.', who: 'Mərkəzin direktoru', when: 'Altı ay ərzində' },
      { title: 'Podratçıların ümumi siyahısı', what: 'Birliklərin qiymətləndirdiyi podratçıları dərc etmək.', who: 'Birliklərin sədrləri', when: 'Bu payız' },
    ],
  },
  ro: {
    guest: (n) => `Invitat de repetiție ${n}`,
    sentences: [
      'Când plouă prin acoperiș, proprietarii vin mai întâi la noi.',
      'Linia telefonică răspunde la aproximativ patruzeci de apeluri pe săptămână.',
      'Cel mai mult a contat instruirea președinților de asociații.',
      'Fără centru, nimeni nu ar explica noua lege a locuințelor.',
      'Reparațiile mici ar putea fi plătite chiar de asociații.',
      'Primăria ar putea acoperi o parte din costurile biroului.',
      'Ar trebui să ținem o listă de constructori de încredere.',
      'Un raport anual le-ar arăta donatorilor ce s-a schimbat.',
    ],
    proposals: [
      { title: 'Consultanță plătită pentru asociațiile mari', what: 'O taxă mică pentru consultanță aprofundată; cea de bază rămâne gratuită.', who: 'Echipa centrului', when: 'Anul viitor' },
      { title: 'Parteneriat cu primăria', what: 'Orașul acoperă chiria și utilitățile centrului.', who: 'Directorul centrului', when: 'În șase luni' },
      { title: 'Listă comună de constructori', what: 'Publicarea constructorilor evaluați de asociații.', who: 'Președinții asociațiilor', when: 'În această toamnă' },
    ],
  },
}
