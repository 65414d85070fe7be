// Package record is the schema of an incident record, .hotfix/<id>.yaml: the
// answers to the pre-fix checklist, the deadlines, and a timeline of events.
// The record is committed with the fix so that it travels with the branch,
// and it never holds a secret. The schema is documented in docs/record.md.
package record

import (
	"fmt"
	"net/url"

	"github.com/hotfix-dev/hotfix/pkg/config"
	"sort"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/pkg/strictyaml"
	"gopkg.in/yaml.v3"
)

// SchemaVersion is the version of the record schema this build writes.
const SchemaVersion = 1

// Phases of a hotfix, in order (Phases). Records of schema 1 written
// before mitigated, released and deployed existed hold only the others,
// and load as they are.
const (
	PhaseInvestigating = "investigating"
	// PhaseMitigated: the impact was stopped or reduced (a rollback, a
	// flag) before the fix: `hotfix mitigate`.
	PhaseMitigated = "mitigated"
	PhaseFixing    = "fixing"
	PhaseInReview  = "in-review"
	PhaseMerged    = "merged"
	// PhaseReleased: `hotfix close` tagged the fixed release.
	PhaseReleased = "released"
	// PhaseDeployed: `hotfix deploy` recorded the fix deployed.
	PhaseDeployed = "deployed"
	PhaseClosed   = "closed"
	// PhaseAbandoned ends a hotfix that will not be finished (started by
	// mistake, superseded): `hotfix record abandon`.
	PhaseAbandoned = "abandoned"
)

// Phases are the phases a hotfix goes through, in order; abandoned, which
// can end any of them, is not among them.
var Phases = []string{PhaseInvestigating, PhaseMitigated, PhaseFixing, PhaseInReview, PhaseMerged, PhaseReleased, PhaseDeployed, PhaseClosed}

// PhaseIndex is the position of phase in Phases, -1 for abandoned or an
// unknown phase.
func PhaseIndex(phase string) int {
	for i, p := range Phases {
		if p == phase {
			return i
		}
	}
	return -1
}

// Advance moves the record to phase when its phase is earlier than phase,
// and says whether it did: a phase never goes back, and an ended hotfix
// keeps its phase.
func (r *Record) Advance(phase string) bool {
	if r.Ended() {
		return false
	}
	cur, next := PhaseIndex(r.Phase), PhaseIndex(phase)
	if next < 0 || cur >= next {
		return false
	}
	r.Phase = phase
	return true
}

// Ended reports whether the hotfix is over: closed or abandoned. An ended
// hotfix is never overdue and its record is no longer changed.
func (r *Record) Ended() bool { return r.Phase == PhaseClosed || r.Phase == PhaseAbandoned }

// Detection values.
const (
	DetectedManual    = "manual"
	DetectedAutomatic = "automatic"
)

// Yes and No are the answers of the yes/no checklist items; an empty answer
// means "not known yet".
const (
	Yes = "yes"
	No  = "no"
)

// Event kinds.
const (
	// EventStarted is written by `hotfix start`.
	EventStarted = "started"
	// EventVerified is written by `hotfix verify`.
	EventVerified = "verified"
	// EventPullRequest is written when `hotfix pr` opens or updates the
	// pull request.
	EventPullRequest = "pull-request"
	// EventBackport is written when a backport pull request is opened.
	EventBackport = "backport"
	// EventHypothesis records a hypothesis, and later its verification or
	// rejection (Fields "id", "status": open, verified or rejected, and
	// "evidence").
	EventHypothesis = "hypothesis"
	// EventRepro records how to reproduce the bug.
	EventRepro = "repro"
	// EventIsolate records where the bug was isolated (Fields "file", "line").
	EventIsolate = "isolate"
	// EventDataset records that backing datasets and connections were checked.
	EventDataset = "dataset"
	// EventLogs records a `triage logs --record` summary (Fields
	// "first_error" and "last_error", RFC 3339, when the logs had
	// timestamps).
	EventLogs = "logs"
	// EventUpdate records a stakeholder update (Fields "status",
	// "next_update", "posted"; for a reply in the Slack report's thread
	// "posted_to": slack and "permalink"; for a failed post "reason"; "for"
	// when a command other than update posted it: pull-request, deployed,
	// rerun, closed or reminder).
	EventUpdate = "update"
	// EventPosted records a post other than a stakeholder update: the pull
	// request's link in the policy's PR channel (Fields "for":
	// pull-request, "number", "channel", "posted", "permalink", "reason").
	EventPosted = "posted"
	// EventMerged records the fix's merge, as `hotfix close` found it
	// (Fields "commit", "offline").
	EventMerged = "merged"
	// EventTagged records the release tag `hotfix close` made (Fields
	// "tag", "commit", and "release": its GitHub Release, when published).
	EventTagged = "tagged"
	// EventMergeBack records the fix carried into another branch (Fields
	// "branch", "how": merged or pull-request, "url").
	EventMergeBack = "merge-back"
	// EventReacted records the "on it" reaction `hotfix start` added to
	// the report in Slack (Fields "emoji", "posted", and "reason" when it
	// failed).
	EventReacted = "reacted"
	// EventClosed records the end of the hotfix.
	EventClosed = "closed"
	// EventMitigated records what was done to stop or reduce the impact
	// before the fix (`hotfix mitigate`; Fields "rollback": the version
	// rolled back to, and "rollback_commit": its commit, when it was a
	// rollback).
	EventMitigated = "mitigated"
	// EventDeployed records a deploy (`hotfix deploy`; Fields "env", "ref":
	// what was deployed, "commit": its commit, "source": tag, merge or
	// ref, saying where ref came from).
	EventDeployed = "deployed"
	// EventRerun records processes re-run after a deploy (`hotfix deploy
	// --rerun`; Fields "env").
	EventRerun = "rerun"
	// EventNotDeployed records a close without a deploy (`hotfix close
	// --not-deployed REASON`; Fields "reason").
	EventNotDeployed = "not-deployed"
	// EventGitHubDeployment records a deploy recorded as a GitHub
	// deployment (`hotfix deploy` with deploy.github_deployments; Fields
	// "env", "commit", "deployed_at": the deployed event's time, and
	// "state": success with "deployment_id" and "url", or failed with
	// "reason").
	EventGitHubDeployment = "github-deployment"
	// EventMonitoring records the monitoring window after a deploy
	// (`hotfix deploy` with deploy.monitor or --monitor, or `hotfix close`
	// with the answers' monitoring.until; Fields "until", RFC 3339,
	// "window" when it was a duration, and "source": policy, flag or
	// answers).
	EventMonitoring = "monitoring"
)

// MonitoringUntil is the end of the monitoring window the record's latest
// monitoring event gives, zero when none was recorded.
func (r *Record) MonitoringUntil() time.Time {
	for i := len(r.Timeline) - 1; i >= 0; i-- {
		if e := r.Timeline[i]; e.Kind == EventMonitoring {
			t, err := time.Parse(time.RFC3339, e.Fields["until"])
			if err == nil {
				return t
			}
		}
	}
	return time.Time{}
}

// UpdateStatuses are the statuses a stakeholder update (EventUpdate, its
// Field "status") can announce, in the order an incident goes through them.
var UpdateStatuses = []string{"investigating", "identified", "fixing", "monitoring", "resolved"}

// Hypothesis statuses.
const (
	HypothesisOpen     = "open"
	HypothesisVerified = "verified"
	HypothesisRejected = "rejected"
)

// Hypothesis is a hypothesis with its latest status.
type Hypothesis struct {
	ID       string
	Text     string
	Status   string
	Evidence string
	At       time.Time
}

// Hypotheses folds the hypothesis events into each hypothesis's latest
// state, in the order they were first stated.
func (r *Record) Hypotheses() []Hypothesis {
	var out []Hypothesis
	index := map[string]int{}
	for _, e := range r.Timeline {
		if e.Kind != EventHypothesis {
			continue
		}
		id := e.Fields["id"]
		h := Hypothesis{ID: id, Text: e.Text, Status: e.Fields["status"], Evidence: e.Fields["evidence"], At: e.At}
		if h.Status == "" {
			h.Status = HypothesisOpen
		}
		if i, ok := index[id]; ok && id != "" {
			if h.Text == "" {
				h.Text = out[i].Text
			}
			out[i] = h
			continue
		}
		index[id] = len(out)
		out = append(out, h)
	}
	return out
}

// LastUpdate returns when the last stakeholder update was recorded, or the
// record's creation when there was none.
func (r *Record) LastUpdate() time.Time {
	last := r.Created
	for _, e := range r.Timeline {
		if e.Kind == EventUpdate && e.At.After(last) {
			last = e.At
		}
	}
	return last
}

// NextUpdateAfter is when the update after one given at t is due: interval
// later, to the minute ("Next update by 11:20"). It is the one computation
// of a next update's time: `hotfix update` writes it, and NextUpdate falls
// back on it for updates that did not write one.
func NextUpdateAfter(t time.Time, interval time.Duration) time.Time {
	return t.Add(interval).Truncate(time.Minute)
}

// NextUpdate is when stakeholders are owed the next update, and whether
// one is owed at all: the time the last update promised (its Field
// "next_update"), else NextUpdateAfter the last update (or the start, when
// there was none) by interval. None is owed once the hotfix has ended,
// after an update that announced it resolved without a next time, or when
// no interval applies (interval <= 0) and none was promised.
func (r *Record) NextUpdate(interval time.Duration) (time.Time, bool) {
	if r.Ended() {
		return time.Time{}, false
	}
	var last *Event
	for i := range r.Timeline {
		if e := &r.Timeline[i]; e.Kind == EventUpdate && (last == nil || !e.At.Before(last.At)) {
			last = e
		}
	}
	from := r.Created
	if last != nil {
		if t, err := time.Parse(time.RFC3339, last.Fields["next_update"]); err == nil {
			return t, true
		}
		if last.Fields["status"] == "resolved" {
			return time.Time{}, false
		}
		if last.At.After(from) {
			from = last.At
		}
	}
	if interval <= 0 {
		return time.Time{}, false
	}
	return NextUpdateAfter(from, interval), true
}

// UpdateOverdue reports whether, at now, the next update (NextUpdate) is
// late: stakeholders have waited past the time they were promised, or
// longer than interval (never once the hotfix is closed).
func (r *Record) UpdateOverdue(now time.Time, interval time.Duration) bool {
	due, ok := r.NextUpdate(interval)
	return ok && now.After(due)
}

// Record is one incident.
type Record struct {
	// Schema is the record schema version.
	Schema int `yaml:"schema"`
	// ID is the record's id: the start date and a slug of the title.
	ID string `yaml:"id"`
	// Phase is where the hotfix stands.
	Phase string `yaml:"phase"`
	// Created is when `hotfix start` ran.
	Created time.Time `yaml:"created"`
	// Incident holds the checklist answers.
	Incident Incident `yaml:"incident"`
	// Branch is where the fix is made.
	Branch Branch `yaml:"branch"`
	// Policy is where the team policy that governed the hotfix was read
	// from when it started; nil in records written before hotfix noted it.
	Policy *Policy `yaml:"policy,omitempty"`
	// Deadlines for fix, test and deploy.
	Deadlines Deadlines `yaml:"deadlines"`
	// Verify is the latest `hotfix verify` result, nil before the first.
	Verify *VerifyResult `yaml:"verify,omitempty"`
	// PullRequest is the fix's pull request, nil before `hotfix pr`.
	PullRequest *PullRequest `yaml:"pull_request,omitempty"`
	// Backports are the pull requests carrying the fix to other branches.
	Backports []Backport `yaml:"backports,omitempty"`
	// Close is what `hotfix close` did, nil before it ran.
	Close *Close `yaml:"close,omitempty"`
	// Triage holds what `hotfix triage logs --record` found in the logs.
	Triage *Triage `yaml:"triage,omitempty"`
	// Open lists the checklist items still not known; derived on save.
	Open []string `yaml:"open,omitempty"`
	// Timeline is the incident's events in time order.
	Timeline []Event `yaml:"timeline"`
}

// Incident is the pre-fix checklist (seed 000 "Prior to Fixing a Bug" and
// seed 001 "Initial Assessment"). Empty strings are "not known yet".
type Incident struct {
	// Title is the one-line summary of what is broken.
	Title string `yaml:"title"`
	// Severity is a level from the config, e.g. SEV2.
	Severity string `yaml:"severity"`
	// Summary is what stakeholders need to understand: the issue and the plan of attack.
	Summary string `yaml:"summary,omitempty"`
	// Reporter is who reported the incident.
	Reporter string `yaml:"reporter,omitempty"`
	// Detection is how it was detected: manual (a person) or automatic (an alert).
	Detection string `yaml:"detection,omitempty"`
	// Affected is who and what is affected.
	Affected string `yaml:"affected,omitempty"`
	// Version is the broken release (a tag).
	Version string `yaml:"version,omitempty"`
	// RelatedRepos are other repositories that may be affected.
	RelatedRepos []string `yaml:"related_repos,omitempty"`
	// Logs are where the log files are.
	Logs []string `yaml:"logs,omitempty"`
	// ErrorMessage is the error seen.
	ErrorMessage string `yaml:"error_message,omitempty"`
	// DatasetsChecked says whether backing datasets and connections were checked: yes, no or empty.
	DatasetsChecked string `yaml:"datasets_checked,omitempty"`
	// Owner is who works on the fix.
	Owner string `yaml:"owner,omitempty"`
	// Scope is what the fix will and will not change.
	Scope string `yaml:"scope,omitempty"`
	// Documenter is who documents the incident and files it in the tracker.
	Documenter string `yaml:"documenter,omitempty"`
	// ClientNotice says whether the client must be told: yes, no or empty.
	ClientNotice string `yaml:"client_notice,omitempty"`
	// Issue references the tracker issue, e.g. "#123", if any.
	Issue string `yaml:"issue,omitempty"`
	// Report is the link to the report of the incident where stakeholders
	// follow it: a Slack message link (updates reply in its thread) or,
	// later, a GitHub issue URL. Never a secret: no credentials in it.
	Report string `yaml:"report,omitempty"`
}

// Branch is the fix branch and where it was cut from.
type Branch struct {
	// Name is the hotfix branch, e.g. hotfix/v1.4.2-checkout-returns-500.
	Name string `yaml:"name"`
	// Base is the ref the branch was cut from (a tag, branch or commit).
	Base string `yaml:"base"`
	// BaseCommit is the commit Base resolved to.
	BaseCommit string `yaml:"base_commit"`
	// Production is the production branch at start.
	Production string `yaml:"production,omitempty"`
}

// Policy names the .hotfix.yaml that governed: the ref (origin/main, main,
// the work tree, --config FILE) and the commit it was read at.
type Policy struct {
	// Ref names where it was read: a branch, "the work tree" or "--config FILE".
	Ref string `yaml:"ref"`
	// Commit is the commit it was read at; empty for the work tree and --config.
	Commit string `yaml:"commit,omitempty"`
	// Absent says there was no file there: the defaults governed.
	Absent bool `yaml:"absent,omitempty"`
}

// String says where the policy was read, for people.
func (p *Policy) String() string {
	if p == nil {
		return ""
	}
	return config.Origin{Ref: p.Ref, Commit: p.Commit, Absent: p.Absent}.String()
}

// Deadlines are the times by which each stage should be done; nil is unset.
type Deadlines struct {
	Fix    *time.Time `yaml:"fix,omitempty"`
	Test   *time.Time `yaml:"test,omitempty"`
	Deploy *time.Time `yaml:"deploy,omitempty"`
}

// VerifyResult is what `hotfix verify` found, kept so that `hotfix pr` can
// show it to reviewers.
type VerifyResult struct {
	// At is when verify ran.
	At time.Time `yaml:"at"`
	// Commit is the HEAD commit checked.
	Commit string `yaml:"commit"`
	// Base is the ref the change was measured from, and MergeBase its commit.
	Base      string `yaml:"base"`
	MergeBase string `yaml:"merge_base"`
	// Worktree is set when uncommitted work was included.
	Worktree bool `yaml:"worktree,omitempty"`
	// Passed is the verdict.
	Passed bool `yaml:"passed"`
	// Rules are each rule's outcome: passed, failed, waived or skipped.
	Rules []RuleOutcome `yaml:"rules"`
	// Findings counts what was found to fix.
	Findings int `yaml:"findings"`
	// Waivers are the rules waived, each with its reason.
	Waivers []Waiver `yaml:"waivers,omitempty"`
}

// Triage is what the logs showed: where the errors point, and the errors.
type Triage struct {
	// Locations are the files, lines and symbols in the stack traces, most
	// frequent first.
	Locations []Location `yaml:"locations,omitempty"`
	// Errors are the distinct errors, in order of first occurrence.
	Errors []LogError `yaml:"errors,omitempty"`
	// Suspects are the commits `hotfix triage suspects --record` ranked
	// most suspect, first the likely culprit.
	Suspects []Suspect `yaml:"suspects,omitempty"`
}

// Suspect is a commit ranked by `triage suspects`, with its evidence.
type Suspect struct {
	// Commit is the full commit id.
	Commit string `yaml:"commit"`
	// Subject is the commit's subject line.
	Subject string `yaml:"subject,omitempty"`
	// Score is the evidence's weight (docs/triage.md).
	Score int `yaml:"score"`
	// Reasons are the evidence, one sentence each.
	Reasons []string `yaml:"reasons,omitempty"`
	// PullRequest is the number of the pull request that brought the
	// commit, 0 when none is known.
	PullRequest int `yaml:"pull_request,omitempty"`
	// Revert is the command that reverts the commit.
	Revert string `yaml:"revert,omitempty"`
	// Good and Bad are the range the commit was ranked in.
	Good string `yaml:"good,omitempty"`
	Bad  string `yaml:"bad,omitempty"`
}

// LikelyCulprit is the top suspect of `triage suspects --record`, nil
// when none was recorded.
func (r *Record) LikelyCulprit() *Suspect {
	if r.Triage == nil || len(r.Triage.Suspects) == 0 {
		return nil
	}
	return &r.Triage.Suspects[0]
}

// Describe is the suspect in one line of Markdown: its short id and
// subject, its pull request, its first reason and the revert command.
func (s Suspect) Describe() string {
	id := s.Commit
	if len(id) > 10 {
		id = id[:10]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "`%s` %s", id, s.Subject)
	if s.PullRequest > 0 {
		fmt.Fprintf(&b, " (pull request #%d)", s.PullRequest)
	}
	if len(s.Reasons) > 0 {
		fmt.Fprintf(&b, ": %s", s.Reasons[0])
	}
	if s.Revert != "" {
		fmt.Fprintf(&b, "; revert with `%s`", s.Revert)
	}
	return b.String()
}

// Location is a place a stack trace points at.
type Location struct {
	File   string `yaml:"file"`
	Line   int    `yaml:"line,omitempty"`
	Symbol string `yaml:"symbol,omitempty"`
	Count  int    `yaml:"count,omitempty"`
}

// LogError is one distinct error found in the logs.
type LogError struct {
	// Message is a representative line of the error.
	Message string `yaml:"message"`
	// Count is how many times it occurred.
	Count int `yaml:"count"`
	// First is where it first occurred (file:line).
	First string `yaml:"first,omitempty"`
}

// Close is what `hotfix close` found and did.
type Close struct {
	// MergeCommit is the production branch's commit that merged the fix.
	MergeCommit string `yaml:"merge_commit"`
	// Merged is when the fix merged.
	Merged time.Time `yaml:"merged"`
	// Offline says the merge was taken from the local repository, without
	// asking the code host.
	Offline bool `yaml:"offline,omitempty"`
	// Tag is the release tag of the fix, on TagCommit.
	Tag string `yaml:"tag"`
	// TagCommit is the release candidate the tag is on: the previous
	// release plus the fix (in trunk, the pull request's reviewed head,
	// not MergeCommit). Empty in records closed before it was kept: the
	// tag was then on MergeCommit.
	TagCommit string `yaml:"tag_commit,omitempty"`
	// AllowedExtra is the reason given with `close --allow-extra` for
	// tagging a candidate that holds commits other than the fix's.
	AllowedExtra string `yaml:"allowed_extra,omitempty"`
	// Extra are those commits, each as "short-id subject".
	Extra []string `yaml:"extra,omitempty"`
	// MergedBack lists the branches the fix was carried into, each as
	// "branch: merged" or "branch: pull request URL".
	MergedBack []string `yaml:"merged_back,omitempty"`
	// Postmortem is the postmortem's path in the repository.
	Postmortem string `yaml:"postmortem,omitempty"`
	// PostmortemPR is the postmortem's pull request, when one was opened.
	PostmortemPR string `yaml:"postmortem_pr,omitempty"`
	// GitHubRelease is the GitHub Release of Tag, when close published
	// (or found) one (close.release: github).
	GitHubRelease string `yaml:"github_release,omitempty"`
	// ActionIssues are the issues filed for the action items.
	ActionIssues []string `yaml:"action_issues,omitempty"`
	// Closed is when the hotfix was closed.
	Closed time.Time `yaml:"closed"`
	// Durations are the incident's measures (detect, fix, merge, close),
	// written for people, e.g. "1h 5m"; a missing one was not known.
	Durations map[string]string `yaml:"durations,omitempty"`
}

// PullRequest is a pull request on the code host.
type PullRequest struct {
	// Number is the pull request's number.
	Number int `yaml:"number"`
	// URL is its web address.
	URL string `yaml:"url"`
	// Base is the branch it merges into.
	Base string `yaml:"base"`
	// Draft is set while it is a draft.
	Draft bool `yaml:"draft,omitempty"`
	// Opened is when hotfix opened it.
	Opened time.Time `yaml:"opened"`
	// Reviewers are the users and teams asked to review.
	Reviewers []string `yaml:"reviewers,omitempty"`
	// SkipVerify is the reason given with --skip-verify, if any.
	SkipVerify string `yaml:"skip_verify,omitempty"`
}

// Backport is the fix carried to another maintained branch.
type Backport struct {
	// Target is the maintained branch.
	Target string `yaml:"target"`
	// Branch is the branch holding the cherry-picked fix.
	Branch string `yaml:"branch"`
	// State is done, conflict or pending.
	State string `yaml:"state"`
	// Conflicts lists the files that did not apply, while in conflict.
	Conflicts []string `yaml:"conflicts,omitempty"`
	// Number and URL name its pull request once opened.
	Number int    `yaml:"number,omitempty"`
	URL    string `yaml:"url,omitempty"`
}

// RuleOutcome is one rule's outcome in a VerifyResult.
type RuleOutcome struct {
	ID      string `yaml:"id"`
	Status  string `yaml:"status"`
	Summary string `yaml:"summary,omitempty"`
}

// Waiver is a rule allowed to fail, with the reason given.
type Waiver struct {
	Rule   string `yaml:"rule"`
	Reason string `yaml:"reason"`
	// Source is "flag", "trailer <commit>" or "--skip-verify".
	Source string `yaml:"source"`
}

// Event is one timestamped entry in the timeline.
type Event struct {
	// At is when it happened, in UTC.
	At time.Time `yaml:"at"`
	// Kind names the event: started, hypothesis, update, ...
	Kind string `yaml:"kind"`
	// By is who recorded it.
	By string `yaml:"by,omitempty"`
	// Text is the event's content.
	Text string `yaml:"text,omitempty"`
	// Fields holds the event's structured details.
	Fields map[string]string `yaml:"fields,omitempty"`
}

// ChecklistItems are the incident keys that may be "not known yet", in the
// order the checklist asks them.
var ChecklistItems = []string{
	"summary", "reporter", "detection", "affected", "version", "related_repos",
	"logs", "error_message", "datasets_checked", "owner", "scope", "documenter",
	"client_notice",
}

// OpenItems lists the checklist items still unanswered, in checklist order.
func (r *Record) OpenItems() []string {
	in := r.Incident
	values := map[string]bool{
		"summary": in.Summary != "", "reporter": in.Reporter != "", "detection": in.Detection != "",
		"affected": in.Affected != "", "version": in.Version != "", "related_repos": len(in.RelatedRepos) > 0,
		"logs": len(in.Logs) > 0, "error_message": in.ErrorMessage != "", "datasets_checked": in.DatasetsChecked != "",
		"owner": in.Owner != "", "scope": in.Scope != "", "documenter": in.Documenter != "",
		"client_notice": in.ClientNotice != "",
	}
	var open []string
	for _, k := range ChecklistItems {
		if !values[k] {
			open = append(open, k)
		}
	}
	return open
}

// AddEvent appends an event, stamped in UTC, keeping the timeline ordered.
func (r *Record) AddEvent(e Event) {
	e.At = e.At.UTC().Truncate(time.Second)
	r.Timeline = append(r.Timeline, e)
	sort.SliceStable(r.Timeline, func(i, j int) bool { return r.Timeline[i].At.Before(r.Timeline[j].At) })
}

// Validate checks the values a record must hold.
func (r *Record) Validate() error {
	if r.ID == "" || !ValidID(r.ID) {
		return fmt.Errorf("id %q is not a valid record id", r.ID)
	}
	if r.Incident.Title == "" {
		return fmt.Errorf("incident.title is empty")
	}
	if r.Incident.Severity == "" {
		return fmt.Errorf("incident.severity is empty")
	}
	switch r.Incident.Detection {
	case "", DetectedManual, DetectedAutomatic:
	default:
		return fmt.Errorf("incident.detection %q is not manual or automatic", r.Incident.Detection)
	}
	for k, v := range map[string]string{"datasets_checked": r.Incident.DatasetsChecked, "client_notice": r.Incident.ClientNotice} {
		if v != "" && v != Yes && v != No {
			return fmt.Errorf("incident.%s %q is not yes or no", k, v)
		}
	}
	if rep := r.Incident.Report; rep != "" {
		if u, err := url.Parse(rep); err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
			return fmt.Errorf("incident.report %q is not an https link (without credentials)", rep)
		}
	}
	return nil
}

// Marshal renders the record as YAML, with Open recomputed.
func (r *Record) Marshal() ([]byte, error) {
	c := *r
	c.Schema = SchemaVersion
	c.Open = r.OpenItems()
	return strictyaml.Marshal(&c)
}

// Parse decodes a record strictly; name is used in error messages. A record
// written by a newer schema is refused, never rewritten; one written by an
// older schema is migrated (see Migrations) before it is decoded, and is
// written back in the current schema only when a command saves it.
func Parse(name string, data []byte) (*Record, error) {
	var probe struct {
		Schema int `yaml:"schema"`
	}
	if len(data) > strictyaml.MaxSize { // Decode refuses it at once; do not parse it here first
		_, err := strictyaml.Decode(name, data, &Record{})
		return nil, err
	}
	if err := yaml.Unmarshal(data, &probe); err == nil && probe.Schema > SchemaVersion {
		return nil, &strictyaml.Error{File: name, Msg: fmt.Sprintf("record schema %d was written by a newer hotfix (this one reads schema %d and older); upgrade hotfix to read or change it — the file was left as it is", probe.Schema, SchemaVersion)}
	}
	if probe.Schema > 0 && probe.Schema < SchemaVersion {
		migrated, err := migrate(name, data, probe.Schema, SchemaVersion, Migrations)
		if err != nil {
			return nil, err
		}
		data = migrated
	}
	r := &Record{}
	if _, err := strictyaml.Decode(name, data, r); err != nil {
		return nil, err
	}
	if r.Schema == 0 {
		return nil, &strictyaml.Error{File: name, Msg: "is not a hotfix record (no schema key)"}
	}
	if err := r.Validate(); err != nil {
		return nil, &strictyaml.Error{File: name, Msg: err.Error()}
	}
	return r, nil
}

// Migration turns a record document of schema From into schema From+1, in
// place: it renames, moves or converts keys so that the next schema's strict
// decoding accepts it, and sets the schema key. It works on the YAML node
// tree, so it never needs the old schema's Go types.
type Migration struct {
	// From is the schema version the migration reads.
	From int
	// Why says what changed, for docs/record.md and error messages.
	Why string
	// Apply edits the document's top-level mapping node.
	Apply func(doc *yaml.Node) error
}

// Migrations are applied in order to a record older than SchemaVersion, one
// version at a time. Schema 1 is the only one so far, so the list is empty:
// the next schema adds its Migration{From: 1, ...} here, with fixtures of
// schema 1 (testdata/schema1) proving the step.
var Migrations []Migration

// migrate brings data from schema from to schema to through ms.
func migrate(name string, data []byte, from, to int, ms []Migration) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return data, nil // the strict decoder reports it
	}
	top := doc.Content[0]
	for v := from; v < to; v++ {
		var m *Migration
		for i := range ms {
			if ms[i].From == v {
				m = &ms[i]
			}
		}
		if m == nil {
			return nil, &strictyaml.Error{File: name, Msg: fmt.Sprintf("record schema %d cannot be read by this hotfix (no migration from schema %d); use the hotfix release that wrote it", from, v)}
		}
		if err := m.Apply(top); err != nil {
			return nil, &strictyaml.Error{File: name, Msg: fmt.Sprintf("migrating the record from schema %d (%s): %v", v, m.Why, err)}
		}
		setSchema(top, v+1)
	}
	return yaml.Marshal(&doc)
}

// setSchema sets the schema key of a record's top-level mapping.
func setSchema(top *yaml.Node, v int) {
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "schema" {
			top.Content[i+1].SetString(fmt.Sprint(v))
			top.Content[i+1].Tag = "!!int"
			return
		}
	}
	top.Content = append([]*yaml.Node{{Kind: yaml.ScalarNode, Value: "schema"}, {Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(v)}}, top.Content...)
}

// Overdue lists the deadlines that have passed at now without their stage
// being done: fix until the pull request is opened, test until the fix is
// merged, deploy until the fix is deployed or the hotfix ends. An ended
// hotfix is never overdue.
func (r *Record) Overdue(now time.Time) []string {
	var out []string
	at := PhaseIndex(r.Phase)
	stage := map[string]bool{
		"fix":    !r.Ended() && at < PhaseIndex(PhaseInReview),
		"test":   !r.Ended() && at < PhaseIndex(PhaseMerged),
		"deploy": !r.Ended() && at < PhaseIndex(PhaseDeployed),
	}
	for _, d := range []struct {
		name string
		t    *time.Time
	}{{"fix", r.Deadlines.Fix}, {"test", r.Deadlines.Test}, {"deploy", r.Deadlines.Deploy}} {
		if d.t != nil && now.After(*d.t) && stage[d.name] {
			out = append(out, d.name)
		}
	}
	return out
}
