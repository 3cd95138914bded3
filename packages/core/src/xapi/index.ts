export { XapiStatementResultSchema, XapiStatementSchema, type XapiStatement, type XapiStatementResult } from './statement-schema.ts';
export {
  toXapiStatement,
  xapiStatementBuilder,
  xapiStatementId,
  XAPI_REGISTRATION_NAMESPACE,
  XAPI_STATEMENT_NAMESPACE,
  type XapiExportOptions,
} from './to-statement.ts';
export { toXapiStatements, xapiExportDocument, type XapiExportDocument } from './export.ts';
export { CMI5_PROGRESS_EXTENSION, XAPI_ACTIVITY_TYPES, XAPI_VERBS } from './vocabulary.ts';
export { xapiAnswerOf, XAPI_INTERACTION_OF, type XapiAnswer, type XapiInteractionType } from './interaction.ts';
