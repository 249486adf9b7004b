// The login page.
import { post, setCsrfToken } from '../api.js';
import { h, fill } from '../dom.js';
import { field } from '../dialog.js';
import { errorNote } from '../ui.js';

// Renders into `root`; `loggedIn()` runs after a successful login.
export function loginPage(root, loggedIn) {
  document.title = 'Log in · hookwarden';
  const errors = h('div', { class: 'form-errors' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Log in');
  const form = h('form', { class: 'form', 'aria-labelledby': 'login-title' },
    field({ label: 'Username', name: 'username', autocomplete: 'username', required: true }),
    field({ label: 'Password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    errors, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    submit.disabled = true;
    try {
      const answer = await post('/session', {
        username: form.elements.username.value, password: form.elements.password.value,
      });
      setCsrfToken(answer.csrf_token);
      await loggedIn();
    } catch (error) {
      if (error.status === 401) error.message = 'Wrong username or password.';
      if (error.status === 429) {
        error.message = `Too many failed attempts. Try again in ${error.retryAfter || 'a few'} seconds.`;
      }
      errors.append(errorNote(error));
      form.elements.password.select();
    } finally {
      submit.disabled = false;
    }
  });
  fill(root, h('main', { class: 'login' },
    h('div', { class: 'login-card' },
      h('div', { class: 'login-brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'h'), 'hookwarden'),
      h('h1', { id: 'login-title' }, 'Log in'),
      h('p', { class: 'muted' }, 'Webhook credentials and reliability for your organization.'),
      form)));
  form.elements.username.focus();
}
