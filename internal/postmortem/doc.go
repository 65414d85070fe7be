// Package postmortem writes the postmortem `hotfix close` commits with the
// fix: the incident from its record, the times from git and the pull
// request, and what only people can say (the root cause and its five whys,
// what went well and badly, action items, the prevention checklist of the
// runbook, the documentation and monitoring plan), from an answers file or
// prompts.
//
// Nothing that is not known is invented: an unanswered part is rendered as
// "_Open: <what to add>_" so that the gaps stay visible, and Missing lists
// the answer keys still open. The postmortem holds no secret: it is made
// from the record (which never holds one), the answers and the facts.
package postmortem
