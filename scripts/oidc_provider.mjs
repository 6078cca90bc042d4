// A real OpenID Connect provider for the single sign-on tests (npm `oidc-provider` 8), on
// loopback only: http://127.0.0.1:9400 (PDSITE_OIDC_TEST_PORT to change it).
//
// Started by `scripts/services.sh start` (or by hand: `node scripts/oidc_provider.mjs`). It signs
// in the test accounts below through oidc-provider's development login form (any password: the
// accounts are what the tests vary, not the password), and gives pdsite's static test client an
// ID token and userinfo with `email` and `email_verified`.
//
// The client is "native" (RFC 8252) so that its loopback redirect URIs match on any port: the
// test servers Django starts (pytest-django's live_server) listen on a random one. (So the
// provider asks for consent at every sign-in, "Continue", as it does for any native client.)
import Provider from "oidc-provider";

const PORT = Number(process.env.PDSITE_OIDC_TEST_PORT || 9400);
const ISSUER = `http://127.0.0.1:${PORT}`;
export const CLIENT_ID = "pdsite-test";
export const CLIENT_SECRET = "pdsite-test-oidc-secret";
// pdsite's callback for the generic OpenID Connect app, whose provider id is "oidc".
const CALLBACK = "/sso/oidc/oidc/login/callback/";

// Login name -> claims. allowed.example is the test school's domain, refused.example is not.
const ACCOUNTS = {
  ada: { email: "ada.lovelace@allowed.example", email_verified: true, given_name: "Ada", family_name: "Lovelace" },
  bea: { email: "bea.morgan@allowed.example", email_verified: true, given_name: "Bea", family_name: "Morgan" },
  cal: { email: "cal.jones@refused.example", email_verified: true, given_name: "Cal", family_name: "Jones" },
  dan: { email: "dan.unverified@allowed.example", email_verified: false, given_name: "Dan", family_name: "Reed" },
  eve: { email: "eve.stone@allowed.example", email_verified: true, given_name: "Eve", family_name: "Stone" },
};

const configuration = {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      application_type: "native",
      redirect_uris: [`http://127.0.0.1${CALLBACK}`, `http://localhost${CALLBACK}`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name"],
  },
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: `${account.given_name} ${account.family_name}`, ...account };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["pdsite-test-oidc-cookie-key"] },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
};

const provider = new Provider(ISSUER, configuration);
// Say what went wrong in the log (.cache/services/oidc.log): the browser only sees "oops!".
for (const event of ["server_error", "authorization.error", "grant.error", "userinfo.error"]) {
  provider.on(event, (ctx, error) => console.error(`${event}: ${error.stack || error}`));
}
const server = provider.listen(PORT, "127.0.0.1", () => {
  console.log(`oidc-provider listening on ${ISSUER} (client ${CLIENT_ID})`);
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
