import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { assessmentAuditRoutes } from './modules/assessments/audits-routes.ts';
import { assessmentRoutes } from './modules/assessments/routes.ts';
import { catalogRoutes } from './modules/catalogs/routes.ts';
import { consortiumRoutes } from './modules/consortium/routes.ts';
import { flowRoutes } from './modules/flows/routes.ts';
import { incidentRoutes } from './modules/incidents/routes.ts';
import { intelRoutes } from './modules/intel/routes.ts';
import { sharingRoutes } from './modules/sharing/routes.ts';
import { auditRoutes } from './platform/audit/routes.ts';
import { authRoutes } from './platform/auth/routes.ts';
import type { Deps } from './platform/deps.ts';
import { installAuth, installErrorHandling, problem } from './platform/http.ts';
import { meRoutes } from './platform/me-routes.ts';

export const API_PREFIX = '/api/v1';
const BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  /** Built web UI (vite build output); omitted or missing: the API runs alone. */
  webDir?: string;
}

/** Builds the HTTP application from its dependencies. Each module registers its routes here. */
export async function buildApp(deps: Deps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    trustProxy: deps.config.trustProxy,
    bodyLimit: BODY_LIMIT,
    requestIdHeader: false,
    routerOptions: { maxParamLength: 500 },
    // Errors the router raises before any route runs (bad URL encoding, too long a path) are problems too.
    frameworkErrors: (err, _req, reply) => {
      const status = (err as { statusCode?: number }).statusCode ?? 400;
      return problem(reply, status === 414 ? 'uri_too_long' : 'bad_request', err.message);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  const webDir = options.webDir && fs.existsSync(path.join(options.webDir, 'index.html')) ? options.webDir : undefined;
  app.setNotFoundHandler((req, reply) => {
    // Client-side routes (/members, /invite/…) load the SPA; unknown API paths stay problem+json.
    if (webDir && req.method === 'GET' && !req.url.startsWith('/api/') && !path.extname(req.url.split('?')[0] ?? '')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return problem(reply, 'not_found', `${req.method} ${req.url.split('?')[0]} はありません`);
  });

  await app.register(fastifyCookie);
  // Uploads stream; a file over the limit is cut off before it is read whole.
  await app.register(fastifyMultipart, { limits: { fileSize: deps.config.uploadMaxBytes, files: 1, fields: 10, parts: 12 }, throwFileSizeLimit: true });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // Mantine writes style attributes at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: deps.config.secureCookies ? [] : null,
      },
    },
  });
  await app.register(fastifyRateLimit, {
    global: true,
    max: 600,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => Object.assign(new Error(`rate limit: ${ctx.max} per ${ctx.after}`), { statusCode: 429 }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Renkei API', version: '1', description: '大学間情報セキュリティ連携基盤 Renkei の API。Cookie セッション（CSRF ヘッダー必須）または Bearer トークンで認証します。' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'renkei_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  installAuth(app, deps);

  app.get('/healthz', { config: { auth: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ready' };
    } catch {
      return problem(reply, 'unavailable', 'database unavailable');
    }
  });

  await app.register(
    async (api) => {
      authRoutes(api, deps);
      meRoutes(api, deps);
      auditRoutes(api, deps);
      consortiumRoutes(api, deps);
      catalogRoutes(api, deps);
      intelRoutes(api, deps);
      sharingRoutes(api, deps);
      flowRoutes(api, deps);
      assessmentRoutes(api, deps);
      assessmentAuditRoutes(api, deps);
      incidentRoutes(api, deps);
    },
    { prefix: API_PREFIX },
  );

  if (webDir) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
  return app;
}
