// The invitations waiting for the logged-in user: shown above every page
// until answered, each with Accept and Decline.
import { post } from './api.js';
import { h } from './dom.js';
import { button, errorNote, toast } from './ui.js';
import { when } from './format.js';

// `answered(joined)` runs after an answer; `joined` is the organization
// accepted, or null after a decline.
export function invitationsPanel(invitations, answered) {
  if (!invitations || invitations.length === 0) return null;
  const problems = h('div', { class: 'form-errors' });
  const answer = (invitation, verb) => async (event) => {
    event.currentTarget.disabled = true;
    problems.replaceChildren();
    try {
      const joined = await post(`/invitations/${encodeURIComponent(invitation.id)}/${verb}`);
      toast(verb === 'accept' ? `You joined ${invitation.organization.name}.`
        : `Invitation to ${invitation.organization.name} declined.`);
      await answered(verb === 'accept' ? joined : null);
    } catch (error) {
      problems.replaceChildren(errorNote(error));
      event.currentTarget.disabled = false;
    }
  };
  return h('section', { class: 'card invitations', 'aria-labelledby': 'invitations-heading' },
    h('div', { class: 'card-head' }, h('h2', { id: 'invitations-heading' },
      invitations.length === 1 ? 'You are invited' : `You have ${invitations.length} invitations`)),
    h('div', { class: 'card-body' }, problems,
      h('ul', { class: 'invitation-list' }, invitations.map((invitation) => h('li', { class: 'invitation' },
        h('p', {},
          h('strong', {}, invitation.invited_by || 'An owner'), ' invites you to ',
          h('strong', {}, invitation.organization.name), ` as ${invitation.role}. `,
          h('span', { class: 'muted' }, 'Expires ', when(invitation.expires_at, '—', { exact: true }), '.')),
        h('div', { class: 'invitation-actions' },
          button('Accept', answer(invitation, 'accept'), {
            kind: 'primary', 'aria-label': `Accept the invitation to ${invitation.organization.name}`,
          }),
          button('Decline', answer(invitation, 'decline'), {
            'aria-label': `Decline the invitation to ${invitation.organization.name}`,
          })))))));
}
