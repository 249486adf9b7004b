// How the application reports: the Hits/Failure credential it reports with
// (and sample commands), and its Deploy credential with the application's
// own deploy token and curl command (admins and owners only).
import { get, patch, orgPath, getAll } from '../api.js';
import { h, fill } from '../dom.js';
import { field } from '../dialog.js';
import { badge, commandBlock, secretField, errorNote, loading, toast } from '../ui.js';

// Single-quotes `text` for a POSIX shell.
function quote(text) {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

function sampleCurl(app, kind, body) {
  return `curl -sS -X POST ${quote(`${location.origin}/api/v1/applications/${app.slug}/${kind}`)}`
    + ' -H "Authorization: Bearer $HOOKWARDEN_API_TOKEN"'
    + ` -H 'Content-Type: application/json' -d ${quote(JSON.stringify(body))}`;
}

// The credential's name, linking to it in the settings.
function credentialName(ctx, credential) {
  if (!credential) return h('span', { class: 'muted' }, 'None');
  return h('span', {},
    h('a', { href: `${orgPath(ctx.org.slug, 'settings')}#integration-tokens`, class: 'strong' }, credential.name),
    credential.status === 'deleted' ? [' ', badge('Deleted', 'bad')] : null);
}

function hitsFailurePart(ctx, app) {
  const credential = app.hits_failure_credential;
  return h('div', { class: 'stack-tight' },
    h('h3', {}, 'Hits and failures'),
    h('p', {}, 'Reported with ', credentialName(ctx, credential)),
    credential && credential.status !== 'deleted' ? [
      h('p', { class: 'hint' }, '$HOOKWARDEN_API_TOKEN is the API activation token: run the activation command of ',
        h('a', { href: `${orgPath(ctx.org.slug, 'settings')}#integration-tokens` }, credential.name),
        ' (Settings, Integration Tokens, its pencil) and it answers the token.'),
      h('p', { class: 'label' }, 'Report a failure'),
      commandBlock(sampleCurl(app, 'failures', { message: 'what went wrong' }), 'Copy failure curl command'),
      h('p', { class: 'label' }, 'Report a hit'),
      commandBlock(sampleCurl(app, 'hits', { latency_ms: 42 }), 'Copy hit curl command'),
    ] : h('p', { class: 'note note-warning' }, 'No Hits/Failure credential: this application\'s reports are refused (404) until '
      + (ctx.canChange ? 'you choose one above.' : 'an admin chooses one.')));
}

function deployPart(ctx, app) {
  const credential = app.deploy_credential;
  const token = h('div', {});
  if (credential && credential.status !== 'deleted') {
    if (ctx.canChange) {
      token.append(loading());
      get(orgPath(ctx.org.slug, 'applications', app.slug, 'deploy-token')).then((answer) => fill(token,
        secretField('Deploy token', answer.token, 'Copy deploy token'),
        h('p', { class: 'label' }, 'Report a deploy'),
        commandBlock(answer.curl, 'Copy deploy curl command', { label: 'Deploy curl command' }),
        h('p', { class: 'hint' }, 'This token belongs to this application alone. Run the command from your pipeline after each deploy.')))
        .catch((error) => fill(token, errorNote(error)));
    } else {
      token.append(h('p', { class: 'hint' }, 'Admins and owners see this application\'s deploy token here.'));
    }
  }
  return h('div', { class: 'stack-tight' },
    h('h3', {}, 'Deploys'),
    h('p', {}, 'Reported with ', credentialName(ctx, credential)),
    credential ? null : h('p', { class: 'hint' }, 'Choose a Deploy credential to give this application its deploy token.'),
    token);
}

async function credentialsForm(ctx, app, changed) {
  const all = await getAll(orgPath(ctx.org.slug, 'integration-tokens'), 'integration_tokens');
  const options = (type) => [['', 'None'], ...all.filter((c) => c.type === type).map((c) => [c.id, c.name])];
  const current = (c) => (c && c.status !== 'deleted' ? c.id : '');
  const errors = h('div', { class: 'form-errors' });
  const form = h('form', { class: 'form form-inline' },
    field({ label: 'Hits/Failure credential', name: 'hits_failure_credential', type: 'select', value: current(app.hits_failure_credential), options: options('hits_failure') }),
    field({ label: 'Deploy credential', name: 'deploy_credential', type: 'select', value: current(app.deploy_credential), options: options('deploy') }),
    errors,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-secondary' }, 'Save credentials')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    try {
      await patch(orgPath(ctx.org.slug, 'applications', app.slug), {
        hits_failure_credential: form.elements.hits_failure_credential.value || null,
        deploy_credential: form.elements.deploy_credential.value || null,
      });
      toast('Credentials saved.');
      await changed();
    } catch (error) {
      errors.append(errorNote(error));
    }
  });
  return form;
}

// The card; `changed()` reloads the application after a change.
export function reportingCard(ctx, app, changed) {
  const body = h('div', { class: 'card-body stack' }, hitsFailurePart(ctx, app), deployPart(ctx, app));
  if (ctx.canChange) {
    const slot = h('div', {}, loading());
    body.prepend(slot);
    credentialsForm(ctx, app, changed).then((form) => fill(slot, form)).catch((error) => fill(slot, errorNote(error)));
  }
  return h('section', { class: 'card', 'aria-labelledby': 'reporting-heading' },
    h('div', { class: 'card-head' }, h('div', {}, h('h2', { id: 'reporting-heading' }, 'Reporting'),
      h('p', { class: 'card-description' }, 'The credentials this application reports with.'))),
    body);
}
