import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { UserError } from '../user-error.js';
import { describeSystemError } from '../system-error.js';
import type { PortalContext } from './context.js';
import { redactUrl, wantsJson } from './http.js';

/**
 * What goes out when something fails: a short Chinese message and a reference; the details (stack,
 * paths, SQL) go to the log under that reference. Office users signed in to the console also see
 * our own Chinese explanations (a plan with errors, a busy workspace); unit pages never do.
 */

interface Outcome {
  status: number;
  heading: string;
  message: string;
}

const KNOWN: Record<string, Omit<Outcome, 'heading'> & { heading?: string }> = {
  FST_CSRF_MISSING_SECRET: { status: 403, message: '页面已过期或来源不明，请刷新页面后重新提交。' },
  FST_CSRF_INVALID_TOKEN: { status: 403, message: '页面已过期或来源不明，请刷新页面后重新提交。' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, message: '文件过大，超过上传上限。填报表不应插入图片或附件。' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: '提交的内容过大。' },
  FST_FILES_LIMIT: { status: 413, message: '一次上传的文件过多，请分批上传。' },
  FST_PARTS_LIMIT: { status: 413, message: '一次提交的内容过多，请分批上传。' },
  FST_FIELDS_LIMIT: { status: 413, message: '一次提交的内容过多。' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, message: '请通过页面上的上传框提交文件。' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: '不支持的提交格式。' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: '提交的内容为空。' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: '提交的内容不完整。' },
  FST_ERR_VALIDATION: { status: 400, message: '提交的内容不完整或格式不对。' },
  PORTAL_BUSY: { status: 503, message: '系统正忙于处理其他上传，请稍候一分钟再试。文件未被接收。' },
};

const HEADINGS: Record<number, string> = {
  400: '无法处理的请求',
  401: '请先登录',
  403: '无权进行此操作',
  404: '页面不存在',
  413: '内容过大',
  415: '格式不支持',
  429: '请求过于频繁',
  503: '服务暂不可用',
};

export function describeFailure(error: unknown, ctx: PortalContext, request: FastifyRequest): Outcome {
  const fastifyError = error as FastifyError;
  const known = fastifyError?.code ? KNOWN[fastifyError.code] : undefined;
  if (known) return { heading: HEADINGS[known.status] ?? '出错了', ...known };
  const status = fastifyError?.statusCode;
  if (status === 429) {
    return { status, heading: HEADINGS[429], message: '请求过于频繁，请稍候一分钟再试。' };
  }
  if (status && status >= 400 && status < 500) {
    return { status, heading: HEADINGS[status] ?? '无法处理的请求', message: '请求无法处理，请返回后重试。' };
  }
  // Our own explanations are for the office only; never to a unit link.
  const office = Boolean(request.officeSession);
  // A UserError is the office's request refused with its reason (400), not a failure of ours.
  if (error instanceof UserError && office)
    return { status: 400, heading: '操作未完成', message: error.message };
  const own = describeSystemError(error);
  if (own && office) return { status: 500, heading: '操作未完成', message: own };
  void ctx;
  return {
    status: 500,
    heading: '服务器内部错误',
    message: '系统暂时无法完成这项操作，请稍后再试；如仍不行，请联系信用办。',
  };
}

export function sendFailure(
  ctx: PortalContext,
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
) {
  const outcome = describeFailure(error, ctx, request);
  const reference = request.id;
  const url = redactUrl(request.raw.url ?? '');
  if (outcome.status >= 500) request.log.error({ err: error, url, reference }, 'request failed');
  else
    request.log.info({ code: (error as FastifyError)?.code, status: outcome.status, url }, 'request refused');
  if (reply.sent) return reply;
  reply.code(outcome.status);
  if (outcome.status === 429) reply.header('retry-after', '60');
  if (wantsJson(request)) {
    return reply.send({
      outcome: 'failed',
      error: outcome.heading,
      message: outcome.message,
      ...(outcome.status >= 500 ? { reference } : {}),
    });
  }
  return reply.type('text/html; charset=utf-8').send(
    ctx.views.render('error', {
      base: ctx.base,
      title: outcome.heading,
      heading: outcome.heading,
      message: outcome.message,
      reference: outcome.status >= 500 ? reference : undefined,
    }),
  );
}

export function sendNotFound(ctx: PortalContext, request: FastifyRequest, reply: FastifyReply) {
  reply.code(404);
  if (wantsJson(request))
    return reply.send({ outcome: 'failed', error: '页面不存在', message: '地址不存在或已失效。' });
  return reply
    .type('text/html; charset=utf-8')
    .send(ctx.views.render('not-found', { base: ctx.base, title: '页面不存在' }));
}
