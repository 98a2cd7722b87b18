import { TASK_PRIORITIES, TASK_STATUSES } from '../seed/taskDataset.ts'

export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 200

const editable = {
  title: { type: 'string', minLength: 1, maxLength: 200 },
  notes: { type: 'string', maxLength: 5000 },
  status: { type: 'string', enum: TASK_STATUSES },
  priority: { type: 'string', enum: TASK_PRIORITIES },
  assigneeId: { type: ['integer', 'null'], minimum: 1 },
  dueAt: { type: ['string', 'null'], format: 'date-time' },
} as const

export const taskIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } },
} as const

export const createTaskBody = {
  type: 'object',
  required: ['patientId', 'title'],
  additionalProperties: false,
  properties: { patientId: { type: 'integer', minimum: 1, maximum: 2_147_483_647 }, ...editable },
} as const

export const patchTaskBody = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: editable,
} as const

export const listTasksQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: TASK_STATUSES },
    priority: { type: 'string', enum: TASK_PRIORITIES },
    assignee: { type: 'integer', minimum: 1 },
    patient: { type: 'integer', minimum: 1 },
    q: { type: 'string', minLength: 1, maxLength: 200 },
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
    offset: { type: 'integer', minimum: 0, maximum: 100_000, default: 0 },
  },
} as const
