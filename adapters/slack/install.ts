import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import type { SecretStore } from '../shared/deps.js';

// Installations of the app in several workspaces (Bolt's OAuth installer, @slack/oauth's InstallProvider):
// each is kept whole, as Slack returned it, in the sealed secret store, under its org or workspace id.

/** Where Slack's OAuth flow starts, and where Slack sends the person back with a code. */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The bot scopes the app asks for, as in slack/manifest.yml. */
export const BOT_SCOPES = ['chat:write', 'im:history', 'im:write', 'users:read', 'commands'];

const nameOf = (query: {
  isEnterpriseInstall?: boolean | undefined;
  enterpriseId?: string | undefined;
  teamId?: string | undefined;
}): string => {
  const id = query.isEnterpriseInstall === true ? query.enterpriseId : query.teamId;
  if (id === undefined) throw new Error('a Slack installation needs a team or enterprise id');
  return `slack-install:${id}`;
};

/** A Bolt installation store over the sealed secrets: tokens never reach Redis in the clear. */
export function createInstallationStore(secrets: SecretStore): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      const query = {
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
        ...(installation.enterprise?.id ? { enterpriseId: installation.enterprise.id } : {}),
        ...(installation.team?.id ? { teamId: installation.team.id } : {}),
      };
      await secrets.set(nameOf(query), JSON.stringify(installation));
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const stored = await secrets.get(nameOf(query));
      if (stored === undefined) throw new Error('no installation of Steady for this workspace');
      return JSON.parse(stored) as Installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await secrets.delete(nameOf(query));
    },
  };
}

/** The bot token of the workspace `team`, or undefined when Steady is not (or no longer) installed there. */
export async function botTokenOf(store: InstallationStore, team: string): Promise<string | undefined> {
  try {
    return (await store.fetchInstallation({ teamId: team, enterpriseId: undefined, isEnterpriseInstall: false })).bot
      ?.token;
  } catch {
    return undefined;
  }
}
