export * from './close-codes.ts'
export * from './frames.ts'
export * from './messages.ts'
export * from './version.ts'
