/** Error responses every route declares (all share schemas/ErrorResponse.json). */
export const errorResponses = {
  '4xx': { $ref: 'ErrorResponse#', description: 'Client error: see `code` (README error table).' },
  '5xx': { $ref: 'ErrorResponse#', description: 'Not ready (503) or internal error (500).' },
} as const;
