// Builds the Teams app package (manifest.json + icons in a zip) for one deployment, from the environment.
import fs from 'node:fs';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { zipSync } from 'fflate';
import { z } from 'zod';
import { parseEnvironment } from '../bot/config/envSchemas.js';
import { PROJECT_ROOT } from '../lib/paths.js';

export const MANIFEST_DIR = path.join(PROJECT_ROOT, 'manifest');
const SCHEMA_DIR = path.join(PROJECT_ROOT, 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams');

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID such as 00000000-0000-0000-0000-000000000000');

const optionalGuid = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(guid.optional())
  .optional();

const PackageEnvSchema = z.object({
  MicrosoftAppId: guid,
  BOT_HOST: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      'must be the public host name only, such as nhsmail-assistant.example.org (no https://, port or path)',
    ),
  TEAMS_APP_ID: optionalGuid,
  TEAMS_SSO_APP_ID: optionalGuid,
  TEAMS_APP_VERSION: z
    .string()
    .trim()
    .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, 'must be three numbers such as 1.2.0')
    .optional(),
});

export interface PackageSettings {
  botId: string;
  host: string;
  teamsAppId: string;
  ssoAppId?: string;
  version: string;
}

export class PackageConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cannot build the Teams package:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageConfigError';
  }
}

/** Reads the package settings from the environment; throws PackageConfigError naming each bad variable. */
export function packageSettings(env: NodeJS.ProcessEnv = process.env): PackageSettings {
  const parsed = parseEnvironment(PackageEnvSchema, env);
  if (!parsed.ok) throw new PackageConfigError(parsed.problems);
  const e = parsed.data;
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  return {
    botId: e.MicrosoftAppId,
    host: e.BOT_HOST,
    teamsAppId: e.TEAMS_APP_ID ?? e.MicrosoftAppId,
    ssoAppId: e.TEAMS_SSO_APP_ID,
    version: e.TEAMS_APP_VERSION ?? pkg.version,
  };
}

/** The manifest for these settings: the template with its placeholders filled, plus SSO when configured. */
export function renderManifest(settings: PackageSettings): Record<string, unknown> {
  const template = fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.template.json'), 'utf8');
  const values: Record<string, string> = {
    VERSION: settings.version,
    TEAMS_APP_ID: settings.teamsAppId,
    BOT_ID: settings.botId,
    BOT_HOST: settings.host,
  };
  const filled = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`manifest.template.json: unknown placeholder {{${name}}}`);
    return v;
  });
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  if (settings.ssoAppId) {
    manifest.webApplicationInfo = { id: settings.ssoAppId, resource: `api://${settings.host}/${settings.ssoAppId}` };
  }
  return manifest;
}

/** Validates a manifest against the schema bundled with @microsoft/app-manifest (never fetched). */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const version = String(manifest.manifestVersion);
  const file = path.join(SCHEMA_DIR, `v${version}`, 'MicrosoftTeams.schema.json');
  if (!fs.existsSync(file)) return [`manifestVersion ${version}: no bundled schema at ${file}`];
  const schema = JSON.parse(fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
  return AppManifestUtils.validateAgainstSchema(manifest as never, schema);
}

/** The zip Teams accepts: manifest.json and both icons at the top level. */
export function zipPackage(manifest: Record<string, unknown>): Uint8Array {
  const icons = manifest.icons as { color: string; outline: string };
  return zipSync(
    {
      'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
      [icons.color]: fs.readFileSync(path.join(MANIFEST_DIR, icons.color)),
      [icons.outline]: fs.readFileSync(path.join(MANIFEST_DIR, icons.outline)),
    },
    { level: 9, mtime: new Date('2024-01-01T00:00:00Z') },
  );
}

async function main(): Promise<void> {
  const settings = packageSettings();
  const manifest = renderManifest(settings);
  const problems = await validateManifest(manifest);
  if (problems.length) throw new PackageConfigError(problems.map((p) => `manifest${p}`));
  const out = path.resolve(process.env.TEAMS_PACKAGE_OUT ?? path.join(PROJECT_ROOT, 'dist', 'teams', `nhsmail-assistant-${settings.version}.zip`));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zipPackage(manifest));
  console.log(`Teams app package written to ${out}\n  bot ${settings.botId}, host ${settings.host}${settings.ssoAppId ? `, SSO app ${settings.ssoAppId}` : ''}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof PackageConfigError ? err.message : err);
    process.exit(1);
  });
}
