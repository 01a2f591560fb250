import type { z } from 'zod';
import { validationError } from '../../domain/errors';
import type { ApiContext, ApiMiddleware } from '../context';
import { CSRF_FIELD } from './csrf';

/** Zod schemas for the parts of a request a route reads. */
export interface RequestSchema {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

export type Input<S extends RequestSchema> = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

function parse(schema: z.ZodType, value: unknown, where: string): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.length ? issue.path.join('.') : where;
  throw validationError(`${path}: ${issue.message}`);
}

/** The body a schema judges: a form's CSRF token has been checked already and is no field of it. */
function formFields(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body) || !(CSRF_FIELD in body)) return body ?? {};
  const { [CSRF_FIELD]: _token, ...fields } = body as Record<string, unknown>;
  return fields;
}

/** A route's validation middleware, carrying its schema so that tests can list what each route takes. */
export type ValidateMiddleware = ApiMiddleware & { requestSchema: RequestSchema };

/** Parses params, query and body onto `ctx.state.input`; the first problem becomes a 400 `field: reason`. */
export const validate = (schema: RequestSchema): ValidateMiddleware => Object.assign<ApiMiddleware, Pick<ValidateMiddleware, 'requestSchema'>>(
  async (ctx, next) => {
    ctx.state.input = {
      ...(schema.params ? { params: parse(schema.params, ctx.params, 'params') } : {}),
      ...(schema.query ? { query: parse(schema.query, ctx.query, 'query') } : {}),
      ...(schema.body ? { body: parse(schema.body, formFields(ctx.request.body), 'body') } : {}),
    };
    await next();
  },
  { requestSchema: schema },
);

/** The validated input of this request, typed by the schema the route was declared with. */
export const input = <S extends RequestSchema>(ctx: ApiContext, _schema: S): Input<S> => ctx.state.input as Input<S>;
