// The HTTP API as the tests' own client speaks it: to set up what the walk
// starts from, and to check what the UI did from the outside.

export class ApiClient {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.key = '';
  }

  // {status, body}; `token` replaces the client's key for this request.
  async request(method, path, body, token = this.key) {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  // The same, failing unless the answer has status `expected`.
  async expect(expected, method, path, body) {
    const answer = await this.request(method, path, body);
    if (answer.status !== expected) {
      throw new Error(`${method} ${path}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }

  // Logs in and keeps a personal API key for every later request.
  async login(username, password) {
    const response = await fetch(`${this.baseUrl}/api/v1/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
    });
    if (response.status !== 200) throw new Error(`login as ${username}: ${response.status}`);
    const { csrf_token: csrf } = await response.json();
    const cookie = response.headers.get('set-cookie').split(';')[0];
    const key = await fetch(`${this.baseUrl}/api/v1/api-keys`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: JSON.stringify({ name: 'browser tests' }),
    });
    if (key.status !== 201) throw new Error(`api key for ${username}: ${key.status}`);
    this.key = (await key.json()).key;
  }
}
