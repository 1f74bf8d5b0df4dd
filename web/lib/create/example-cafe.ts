/** The example café of the brief (../shared/CONTEXT.md): what the create form starts from. */
export const EXAMPLE_CAFE = {
  topic: 'Sustainable functioning of resource centres',
  questions: [
    'What has the resource centre achieved that homeowners would miss if it closed?',
    'Which services could pay for themselves, and who else could fund the rest?',
    'What must change in law or in partnerships for the centres to last?',
  ],
  tables: 8,
  /** Offered as a placeholder only: the resource centres' towns, as the Tbilisi seminar might name its tables. */
  tableNames: ['Tbilisi', 'Kutaisi', 'Gori', 'Zugdidi', 'Telavi', 'Odesa', 'Chișinău', 'Baku'],
  roundMinutes: 20,
}
