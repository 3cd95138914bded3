// A minimal browser for tests: a cookie jar, Origin on unsafe requests, redirects by hand.
export class Browser {
  readonly jar = new Map<string, string>();
  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size && !headers.has('cookie')) headers.set('cookie', this.cookieHeader());
    if (init.method && init.method !== 'GET' && !headers.has('origin')) headers.set('origin', this.base);
    if (!headers.has('accept')) headers.set('accept', 'text/html');
    const res = await fetch(new URL(url, this.base), { ...init, headers, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (/max-age=0/i.test(cookie) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  /** POST JSON (to Better Auth's endpoints), with our Origin unless `headers` says otherwise. */
  json(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });
  }

  /**
   * Follows redirects until one leaves our origin (the OAuth redirect_uri), returning that URL.
   * Node's fetch always sends Sec-Fetch-Mode: cors, so Better Auth answers `{redirect, url}` JSON
   * where a navigating browser would get a 302: follow that the same way.
   */
  async navigate(url: string, init?: RequestInit): Promise<{ url: string; res: Response }> {
    let res = await this.fetch(url, init);
    let current = new URL(url, this.base).href;
    for (let i = 0; i < 10; i++) {
      let next = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
      if (!next && res.headers.get('content-type')?.includes('json')) {
        const body = (await res.clone().json().catch(() => null)) as { redirect?: boolean; url?: string } | null;
        if (body?.redirect && body.url) next = body.url;
      }
      if (!next) break;
      current = new URL(next, current).href;
      if (!current.startsWith(this.base)) return { url: current, res };
      res = await this.fetch(current);
    }
    return { url: current, res };
  }
}

/** The value of a hidden form field in a page. */
export function hiddenField(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return m?.[1] ? m[1].replaceAll('&amp;', '&') : '';
}

/**
 * From an authorization URL, a new learner follows the login page's sign-up link, signs up and
 * accepts the consent page. Returns the consent page's HTML and where the browser ended up.
 */
export async function signUpAndConsent(
  user: Browser,
  authorizeUrl: string,
  person: { name: string; email: string; password: string },
): Promise<{ loginHtml: string; consentHtml: string; finalUrl: string; loginUrl: string; consentUrl: string }> {
  let nav = await user.navigate(authorizeUrl);
  const loginUrl = nav.url;
  const loginHtml = await nav.res.text();
  const signUpHref = /href="(\/signup\?[^"]+)"/.exec(loginHtml)?.[1]?.replaceAll('&amp;', '&');
  if (!signUpHref) throw new Error(`no sign-up link on ${loginUrl}`);
  nav = await user.navigate(signUpHref);
  const signUpHtml = await nav.res.text();
  nav = await user.navigate('/signup', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...person, oauth_query: hiddenField(signUpHtml, 'oauth_query') }),
  });
  const consentUrl = nav.url;
  const consentHtml = await nav.res.text();
  nav = await user.navigate('/consent', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ accept: 'yes', oauth_query: hiddenField(consentHtml, 'oauth_query') }),
  });
  return { loginHtml, consentHtml, finalUrl: nav.url, loginUrl, consentUrl };
}
