import { OAuth2Client } from 'google-auth-library';
import { people_v1 } from 'googleapis/build/src/apis/people/v1';

/** The generated People client for one access token; only `rootUrl` differs between Google and the emulator. */
export function peopleClient(apiRootUrl: string, accessToken: string): people_v1.People {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: accessToken });
  return new people_v1.People({ rootUrl: apiRootUrl, auth });
}
