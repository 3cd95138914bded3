export type * from './course/model.ts';
export type * from './course/ports.ts';
export * from './course/views.ts';
export * from './course/navigation.ts';
export * from './errors.ts';
