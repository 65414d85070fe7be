// Package notify posts stakeholder updates where people already are: a
// Slack-compatible incoming webhook (one flat message) or the Slack Web API
// with a bot token (a reply in the report's thread, the "on it" reaction on
// the report, each post's permalink). Commands see one Notifier; which one
// is chosen from the environment by the command, and no secret (the token,
// the webhook URL) ever appears in what this package returns.
package notify

import (
	"context"
	"errors"
)

// Message is one update to post.
type Message struct {
	// Text is the update as people read it.
	Text string
}

// Receipt is what a post left behind.
type Receipt struct {
	// Permalink is the post's link, "" when the service gives none (a
	// webhook).
	Permalink string
	// Channel and TS name the post in Slack ("" for a webhook).
	Channel, TS string
}

// Notifier posts updates.
type Notifier interface {
	// Post sends m once and says where it went.
	Post(ctx context.Context, m Message) (Receipt, error)
	// Describe names where posts go, for people, without any secret.
	Describe() string
}

// Error is a post the service refused or that could not be made: Reason is
// the service's own word for it (Slack's "missing_scope"), Fix what the
// person does about it. Its message never holds a secret.
type Error struct {
	// Reason is the machine-readable cause ("not_in_channel", "http 500").
	Reason string
	// Msg says what went wrong.
	Msg string
	// Fix says what to do about it.
	Fix string
	// Auth marks an authentication or permission failure (exit 4).
	Auth bool
	// Posted says the update went out all the same (only its permalink
	// is missing).
	Posted bool
}

// Error returns what went wrong (Msg), without the fix.
func (e *Error) Error() string { return e.Msg }

// Reason returns err's Reason when it is an *Error, else err's message.
func Reason(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Reason != "" {
		return e.Reason
	}
	return err.Error()
}

// FixOf returns err's Fix when it is an *Error, else "".
func FixOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fix
	}
	return ""
}
