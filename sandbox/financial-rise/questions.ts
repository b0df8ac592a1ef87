/**
 * The seeded questionnaire: 25 questions over the five RISE phases (Stabilize, Organize,
 * Build, Grow, Systemic) plus the DISC communication-style block. The runbook's seed check
 * counts exactly 25 rows, so this list is the single source of that number.
 */
export type QuestionType = 'single_choice' | 'multiple_choice' | 'scale' | 'text';

export interface QuestionOption {
  value: string | number;
  label: string;
}

export interface SeedQuestion {
  id: string;
  section: string;
  text: string;
  type: QuestionType;
  options: QuestionOption[];
}

const opts = (...labels: string[]): QuestionOption[] =>
  labels.map((label) => ({
    value: label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, ''),
    label,
  }));

/** A 1-5 agreement scale; values are numbers so scores can be averaged. */
const SCALE: QuestionOption[] = [
  { value: 1, label: '1 - Strongly disagree' },
  { value: 2, label: '2 - Disagree' },
  { value: 3, label: '3 - Neutral' },
  { value: 4, label: '4 - Agree' },
  { value: 5, label: '5 - Strongly agree' },
];

const q = (id: string, section: string, type: QuestionType, text: string, options: QuestionOption[] = []): SeedQuestion => ({
  id,
  section,
  type,
  text,
  options: type === 'scale' ? SCALE : options,
});

export const SEED_QUESTIONS: readonly SeedQuestion[] = [
  q(
    'STAB-001',
    'stabilize',
    'single_choice',
    'How current is your bookkeeping?',
    opts('Up to date', 'Within one month', 'One to three months behind', 'More than three months behind'),
  ),
  q('STAB-002', 'stabilize', 'scale', 'I know how much cash the business has today.'),
  q('STAB-003', 'stabilize', 'single_choice', 'Are business and personal finances kept separate?', opts('Fully separate', 'Mostly separate', 'Often mixed')),
  q('STAB-004', 'stabilize', 'scale', 'Tax filings and payments are always on time.'),
  q(
    'STAB-005',
    'stabilize',
    'multiple_choice',
    'Which of these debts does the business carry?',
    opts('Credit cards', 'Bank loan', 'Line of credit', 'Owner loans', 'None'),
  ),
  q('ORG-001', 'organize', 'single_choice', 'Which accounting system do you use?', opts('QuickBooks', 'Xero', 'Spreadsheet', 'Paper records', 'Other')),
  q('ORG-002', 'organize', 'scale', 'The chart of accounts reflects how the business actually works.'),
  q(
    'ORG-003',
    'organize',
    'multiple_choice',
    'Which reports do you review every month?',
    opts('Profit and loss', 'Balance sheet', 'Cash flow', 'Accounts receivable aging', 'None'),
  ),
  q('ORG-004', 'organize', 'scale', 'Receipts and invoices are stored where anyone who needs them can find them.'),
  q('ORG-005', 'organize', 'single_choice', 'Who prepares your financial statements?', opts('Owner', 'In-house bookkeeper', 'External accountant', 'Nobody')),
  q('BUILD-001', 'build', 'scale', 'The business has a written annual budget.'),
  q('BUILD-002', 'build', 'single_choice', 'How do you price your products or services?', opts('Cost plus margin', 'Market rate', 'Value based', 'Not sure')),
  q('BUILD-003', 'build', 'scale', 'I know the gross margin of each product or service line.'),
  q('BUILD-004', 'build', 'multiple_choice', 'Which processes are documented?', opts('Invoicing', 'Payroll', 'Expense approval', 'Month-end close', 'None')),
  q('BUILD-005', 'build', 'text', 'What is the biggest financial bottleneck in the business today?'),
  q('GROW-001', 'grow', 'scale', 'The business has a cash reserve covering three months of expenses.'),
  q(
    'GROW-002',
    'grow',
    'single_choice',
    'How far ahead do you forecast cash flow?',
    opts('Twelve months or more', 'Three to twelve months', 'Less than three months', 'No forecast'),
  ),
  q('GROW-003', 'grow', 'text', 'What growth goal do you want to reach in the next two years?'),
  q('GROW-004', 'grow', 'scale', 'I track key performance indicators every month.'),
  q('SYS-001', 'systemic', 'scale', 'I am comfortable reading and interpreting financial statements.'),
  q('SYS-002', 'systemic', 'single_choice', 'How often do you meet with a financial advisor?', opts('Monthly', 'Quarterly', 'Yearly', 'Never')),
  q(
    'DISC-001',
    'disc',
    'single_choice',
    'When making a big decision, I prefer to:',
    opts('Decide quickly and act', 'Talk it through with others', 'Take time and keep things stable', 'Analyse all the data first'),
  ),
  q(
    'DISC-002',
    'disc',
    'single_choice',
    'In meetings I usually:',
    opts('Lead the conversation', 'Energise the group', 'Listen and support', 'Ask detailed questions'),
  ),
  q(
    'DISC-003',
    'disc',
    'single_choice',
    'I would rather receive information as:',
    opts('A short summary', 'A conversation', 'A step-by-step plan', 'A detailed report'),
  ),
  q('DISC-004', 'disc', 'single_choice', 'Under pressure I tend to:', opts('Take charge', 'Stay optimistic', 'Keep the peace', 'Double-check everything')),
];

/** The question `fr:questions-missing` leaves out: the last of the list. */
export const QUESTION_DROPPED_BY_FAULT = SEED_QUESTIONS[SEED_QUESTIONS.length - 1].id;
