// Which Teams teams may hold the helpdesk channel: HELPDESK_CHANNEL_ALLOWLIST parsed, and a channel activity's tenant and team read.
import type { Activity } from 'botbuilder';
import { z } from 'zod';

/** One team that may be the helpdesk channel: its Entra tenant and its Teams team id. */
export interface AllowedTeam {
  readonly tenantId: string;
  readonly teamId: string;
}

/**
 * The team Microsoft 365 Agents Playground puts every channel in (its built-in config: tenant
 * 00000000-0000-0000-0000-0000000000001, team "team-id"). Not a real team's id shape, so it is
 * accepted only as this exact pair, and never in production; `npm run teams:local` allows it.
 */
export const PLAYGROUND_TEAM: AllowedTeam = Object.freeze({ tenantId: '00000000-0000-0000-0000-0000000000001', teamId: 'team-id' });

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A Teams thread id, as Teams sends a team's id in channelData.team.id ("19:…@thread.tacv2"). */
const THREAD_ID = /^19:[A-Za-z0-9_\-.=]{1,200}@thread\.[a-z0-9]{1,20}$/;

const isPlayground = (t: AllowedTeam) => t.tenantId === PLAYGROUND_TEAM.tenantId && t.teamId === PLAYGROUND_TEAM.teamId;

/** Whether a tenant and team id have the shape real Teams sends (a GUID and a thread id). */
export function isTeamsShaped(t: AllowedTeam): boolean {
  return GUID.test(t.tenantId) && THREAD_ID.test(t.teamId);
}

/** `tenantId/teamId` pairs, comma-separated; each tenant a GUID, each team a Teams thread id (or the Playground's own pair). */
export const teamAllowList = z.string().transform((value, ctx) => {
  const teams: AllowedTeam[] = [];
  for (const [i, raw] of value.split(',').map((s) => s.trim()).entries()) {
    if (!raw) continue;
    const [tenantId = '', teamId = '', ...rest] = raw.split('/');
    const team = { tenantId: tenantId.trim().toLowerCase(), teamId: teamId.trim() };
    if (rest.length || !(isTeamsShaped(team) || isPlayground(team))) {
      ctx.addIssue({
        code: 'custom',
        message: `entry ${i + 1} ("${raw.slice(0, 80)}") must be tenantId/teamId: the tenant's GUID, a slash, and the team's id as Teams sends it (19:…@thread.tacv2)`,
      });
      continue;
    }
    teams.push(Object.freeze(team));
  }
  return teams;
});

/** Whether a list holds the Playground's team (refused in production: it is not a real team). */
export const hasPlaygroundTeam = (list: readonly AllowedTeam[]) => list.some(isPlayground);

/** The `tenantId/teamId` text an operator adds to HELPDESK_CHANNEL_ALLOWLIST for a team. */
export const allowListEntry = (t: AllowedTeam) => `${t.tenantId}/${t.teamId}`;

/**
 * The tenant and team a Teams channel activity comes from: channelData.tenant.id (which must agree
 * with conversation.tenantId when both are sent) and channelData.team.id. Undefined when either is
 * missing, they disagree, or they are not strings.
 */
export function teamOf(activity: Pick<Activity, 'channelData' | 'conversation'>): AllowedTeam | undefined {
  const data = (activity.channelData ?? {}) as { tenant?: { id?: unknown }; team?: { id?: unknown } };
  const tenant = data.tenant?.id;
  const team = data.team?.id;
  const conversationTenant = (activity.conversation as { tenantId?: unknown } | undefined)?.tenantId;
  if (typeof tenant !== 'string' || typeof team !== 'string' || !tenant || !team) return undefined;
  if (conversationTenant !== undefined && (typeof conversationTenant !== 'string' || conversationTenant.toLowerCase() !== tenant.toLowerCase())) return undefined;
  return { tenantId: tenant.toLowerCase(), teamId: team };
}

/** Whether a team is on the allow-list (an empty list allows none). */
export function isTeamAllowed(list: readonly AllowedTeam[], team: AllowedTeam | undefined): boolean {
  if (!team) return false;
  return list.some((t) => t.tenantId === team.tenantId.toLowerCase() && t.teamId === team.teamId);
}
