// The Teams app package: schema-valid offline, icons Teams accepts, the bot's commands and the helpdesk tab.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import {
  MANIFEST_DIR,
  PackageConfigError,
  packageSettings,
  renderManifest,
  validateManifest,
  zipPackage,
} from '../scripts/package-teams.js';
import { colorIcon, outlineIcon } from '../scripts/make-icons.js';

const BOT_ID = '6e6d1b0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const SSO_ID = '0f1e2d3c-4b5a-4968-8776-65544332211f';
const env = { MicrosoftAppId: BOT_ID, BOT_HOST: 'assistant.example.org' };

interface Manifest {
  manifestVersion: string;
  id: string;
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
  staticTabs: { entityId: string; contentUrl?: string; scopes: string[] }[];
  validDomains: string[];
  webApplicationInfo?: { id: string; resource: string };
  icons: { color: string; outline: string };
}

function readPng(name: string): PNG {
  return PNG.sync.read(fs.readFileSync(path.join(MANIFEST_DIR, name)));
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof PackageConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('Teams app manifest', () => {
  const manifest = renderManifest(packageSettings(env)) as unknown as Manifest;

  it('passes the bundled Teams schema, version 1.24 or newer', async () => {
    const [major, minor] = manifest.manifestVersion.split('.').map(Number);
    expect(major! * 100 + minor!).to.be.at.least(124);
    expect(await validateManifest(manifest as unknown as Record<string, unknown>)).to.deep.equal([]);
  });

  it('really validates: a broken manifest is refused', async () => {
    const broken = { ...manifest, id: 'not-a-guid', accentColor: undefined } as unknown as Record<string, unknown>;
    const problems = await validateManifest(JSON.parse(JSON.stringify(broken)));
    expect(problems.some((p) => p.startsWith('/id'))).to.equal(true);
    expect(problems.some((p) => p.includes('accentColor'))).to.equal(true);
  });

  it('offers the bot in personal chat and teams with the command list; teams can also register the helpdesk channel', () => {
    const bot = manifest.bots[0]!;
    expect(bot.botId).to.equal(BOT_ID);
    expect(bot.scopes).to.include.members(['personal', 'team']);
    const everyone = ['help', 'check eligibility', 'ask a question', 'raise a request', 'my requests'];
    const list = (scope: string) => bot.commandLists.find((l) => l.scopes.includes(scope))!.commands.map((c) => c.title);
    expect(list('personal')).to.deep.equal(everyone);
    expect(list('team')).to.deep.equal([...everyone, 'register helpdesk channel']);
    for (const c of bot.commandLists.flatMap((l) => l.commands)) expect(c.title.length, c.title).to.be.at.most(32);
  });

  it('pins the helpdesk tab on the bot host, which is a valid domain', () => {
    const tab = manifest.staticTabs.find((t) => t.entityId === 'helpdesk');
    expect(tab?.contentUrl).to.match(/^https:\/\/assistant\.example\.org\/helpdesk\b/);
    expect(manifest.validDomains).to.deep.equal(['assistant.example.org']);
    expect(manifest.id).to.equal(BOT_ID);
    expect(manifest.webApplicationInfo).to.equal(undefined);
  });

  it('pins the insights tab beside it, on the same host', () => {
    const tab = manifest.staticTabs.find((t) => t.entityId === 'insights');
    expect(tab?.contentUrl).to.equal('https://assistant.example.org/insights?inTeams=1');
    expect(tab?.scopes).to.deep.equal(['personal']);
    expect(manifest.staticTabs.map((t) => t.entityId)).to.deep.equal(['conversations', 'helpdesk', 'insights']);
  });

  it('adds Teams SSO for the tab only when an Entra app is configured', async () => {
    const withSso = renderManifest(packageSettings({ ...env, TEAMS_SSO_APP_ID: SSO_ID })) as unknown as Manifest;
    expect(withSso.webApplicationInfo).to.deep.equal({ id: SSO_ID, resource: `api://assistant.example.org/${SSO_ID}` });
    expect(await validateManifest(withSso as unknown as Record<string, unknown>)).to.deep.equal([]);
  });

  it('names each missing or malformed variable', () => {
    expect(problemsOf(() => packageSettings({}))).to.deep.equal(['MicrosoftAppId: is required', 'BOT_HOST: is required']);
    const bad = problemsOf(() => packageSettings({ MicrosoftAppId: 'abc', BOT_HOST: 'https://x.example.org/bot' }));
    expect(bad).to.have.length(2);
    expect(bad[0]).to.match(/^MicrosoftAppId: must be a GUID/);
    expect(bad[1]).to.match(/^BOT_HOST: must be the public host name only/);
    expect(problemsOf(() => packageSettings({ ...env, TEAMS_APP_VERSION: 'v1' }))[0]).to.match(/^TEAMS_APP_VERSION/);
  });

  it('zips manifest.json and both icons at the top level', () => {
    const files = unzipSync(zipPackage(manifest as unknown as Record<string, unknown>));
    expect(Object.keys(files).sort()).to.deep.equal(['color.png', 'manifest.json', 'outline.png']);
    const inside = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
    expect(inside.bots[0]!.botId).to.equal(BOT_ID);
  });
});

describe('Teams icons', () => {
  it('colour icon is 192x192', () => {
    const png = readPng('color.png');
    expect([png.width, png.height]).to.deep.equal([192, 192]);
  });

  it('outline icon is 32x32, white on transparent and nothing else', () => {
    const png = readPng('outline.png');
    expect([png.width, png.height]).to.deep.equal([32, 32]);
    let inked = 0;
    let transparent = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (a === 0) transparent++;
      else {
        expect([r, g, b], `pixel ${i / 4}`).to.deep.equal([255, 255, 255]);
        inked++;
      }
    }
    expect(inked, 'some white pixels').to.be.greaterThan(50);
    expect(transparent, 'a transparent background').to.be.greaterThan(png.width * png.height / 2);
  });

  it('are what scripts/make-icons.ts draws (regenerate with npm run icons)', () => {
    expect(PNG.sync.read(colorIcon()).data.equals(readPng('color.png').data)).to.equal(true);
    expect(PNG.sync.read(outlineIcon()).data.equals(readPng('outline.png').data)).to.equal(true);
  });
});
