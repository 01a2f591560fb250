export * from './duration';
export * from './params';
export * from './spec';
export * from './template';
export * from './run';
