// A real OpenID provider for the sign-in tests: panva's oidc-provider (OpenID
// certified), on loopback, with its development login and consent pages.
// Any login name is accepted (the development interactions' rule); the account's
// claims are made from it: sub, preferred_username and email <name>@example.org.
//
//   node provider.mjs <port> <client_id> <client_secret> <redirect_uri>
//
// Prints "listening <issuer>" once it serves.
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [new URL('/', redirectUri).href],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
  scopes: ['openid', 'email', 'profile'],
  pkce: { required: () => true },
  cookies: { keys: ['test-only-cookie-key'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, email: `${id}@example.org`, email_verified: true, name: id };
      },
    };
  },
});
provider.proxy = false;
const server = provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
