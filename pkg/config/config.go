// Package config is the schema of .hotfix.yaml, the team's hotfix policy.
//
// The file is optional, versioned and strict: an unknown key is an error that
// names the key and its line, and every key has a default, so a missing file
// means "the defaults". The keys are documented in docs/config.md.
package config

import (
	"fmt"
	"github.com/hotfix-dev/hotfix/internal/commitid"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"text/template"
	"time"

	"github.com/hotfix-dev/hotfix/internal/pathsafe"
	"github.com/hotfix-dev/hotfix/pkg/versionfile"
)

// FileName is the config file's name at the repository root.
const FileName = ".hotfix.yaml"

// CurrentVersion is the schema version this build writes and reads.
const CurrentVersion = 1

// Flows the policy knows.
const (
	FlowGitflow         = "gitflow"
	FlowTrunk           = "trunk"
	FlowReleaseBranches = "release-branches"
)

// Config is the whole policy.
type Config struct {
	// Version is the schema version of the file.
	Version int `yaml:"version"`
	// Flow is the branching model: gitflow, trunk or release-branches.
	Flow string `yaml:"flow"`
	// Remote is the git remote hotfix branches are checked against and pushed to.
	Remote string `yaml:"remote"`
	// Branches names the long-lived branches and the hotfix branch template.
	Branches Branches `yaml:"branches"`
	// Tags says which tags are release tags.
	Tags Tags `yaml:"tags"`
	// Records says where incident records live.
	Records Records `yaml:"records"`
	// Severities are the levels, most severe first.
	Severities []Severity `yaml:"severities"`
	// Verify is the policy `hotfix verify` enforces.
	Verify Verify `yaml:"verify"`
	// PR says how `hotfix pr` opens pull requests.
	PR PR `yaml:"pr"`
	// Update says where `hotfix update` posts stakeholder updates.
	Update Update `yaml:"update"`
	// Triage tunes `hotfix triage`.
	Triage Triage `yaml:"triage"`
	// Close says how `hotfix close` ends a hotfix.
	Close Close `yaml:"close"`
	// Release says what a release holds besides its tag.
	Release Release `yaml:"release"`
	// Deploy says what `hotfix deploy` records besides the deploy.
	Deploy Deploy `yaml:"deploy"`

	// Origin says where this policy was read from. The loader sets it; it
	// is never read from or written to the file.
	Origin Origin `yaml:"-"`
}

// Origin is where a policy was read from.
type Origin struct {
	// Ref names it for people: "origin/main", "main", "the work tree",
	// "--config FILE".
	Ref string
	// Commit is the commit the file was read at; empty for the work tree
	// and --config.
	Commit string
	// Absent says there was no file there, so the policy is the defaults.
	Absent bool
}

// String names the policy for people: ".hotfix.yaml at origin/main
// (3f2a1c9d00)", ".hotfix.yaml in the work tree", or ".hotfix.yaml" when
// the loader did not say; "the defaults (no .hotfix.yaml at origin/main
// (3f2a1c9d00))" when there was no file.
func (o Origin) String() string {
	var s string
	switch {
	case o.Commit != "":
		s = fmt.Sprintf("%s at %s (%s)", FileName, o.Ref, commitid.Short(o.Commit))
	case o.Ref != "":
		s = FileName + " in " + o.Ref
	default:
		s = FileName
	}
	if o.Absent {
		return "the defaults (no " + s + ")"
	}
	return s
}

// Release says what a release holds besides its tag.
type Release struct {
	// VersionFiles are the files (relative to the repository root) that
	// hold the release's version: `hotfix pr` bumps them to the next
	// patch version and `hotfix close` refuses to tag a commit whose files
	// name another. Absent or empty: nothing is bumped or checked (an
	// empty list, [], says so on purpose; `hotfix init` writes the files
	// it detects).
	VersionFiles []string `yaml:"version_files,omitempty"`
}

// Deploy says what `hotfix deploy` records besides the deploy.
type Deploy struct {
	// GitHubDeployments records each deploy also as a GitHub deployment
	// with a success status, through the Deployments API, in the
	// environment of --env.
	GitHubDeployments bool `yaml:"github_deployments"`
	// Monitor is the monitoring window after a deploy: how long the fix
	// is watched in production. A deploy records until when; `hotfix
	// status` shows closed hotfixes still inside it. 0 is none.
	Monitor Duration `yaml:"monitor"`
}

// Close says how `hotfix close` ends a hotfix.
type Close struct {
	// PostmortemDir is where postmortems are written, relative to the
	// repository root.
	PostmortemDir string `yaml:"postmortem_dir"`
	// KeepBranch keeps the hotfix branch, locally and on the remote, after
	// close.
	KeepBranch bool `yaml:"keep_branch"`
	// Publish says where close puts the closed record and the postmortem
	// so that teammates see them: pull-request (the default, empty) on a
	// branch postmortem/<id> with its pull request into the production
	// branch; commit, straight onto the production branch and pushed (a
	// pull request instead when the push is refused); none, left in the
	// work tree to commit by hand.
	Publish string `yaml:"publish,omitempty"`
	// Release is github to publish a GitHub Release for the release tag,
	// its notes from the record; empty publishes none.
	Release string `yaml:"release,omitempty"`
}

// Values of close.publish and close.release.
const (
	PublishPullRequest = "pull-request"
	PublishCommit      = "commit"
	PublishNone        = "none"
	ReleaseGitHub      = "github"
)

// PublishMode is close.publish, its default (pull-request) for empty.
func (c Close) PublishMode() string {
	if c.Publish == "" {
		return PublishPullRequest
	}
	return c.Publish
}

// Update says where stakeholder updates go.
type Update struct {
	// WebhookEnv names the environment variable holding a Slack-compatible
	// webhook URL; the URL itself is never written anywhere. Empty: updates
	// are printed and recorded, not posted.
	WebhookEnv string `yaml:"webhook_env"`
	// Timezone is the IANA zone "next update by" times are written in;
	// empty means the machine's local zone.
	Timezone string `yaml:"timezone"`
	// Slack tunes the Slack Web API posts made with a bot token
	// (SLACK_BOT_TOKEN) in the thread of the record's report link.
	Slack UpdateSlack `yaml:"slack"`
}

var emojiRe = regexp.MustCompile(`^[a-z0-9_+'-]{1,100}$`)

// DefaultOnIt is the reaction start adds to the report when the policy
// names none.
const DefaultOnIt = "eyes"

// UpdateSlack tunes the posts to Slack's Web API.
type UpdateSlack struct {
	// OnIt is the emoji's name (without colons) `hotfix start` adds to the
	// report to say "I'm on it"; empty means DefaultOnIt.
	OnIt string `yaml:"on_it"`
	// PRChannel is the id of the channel (C0123ABCD) `hotfix pr` posts
	// the pull request's link to, besides the report's thread; empty
	// means the thread only.
	PRChannel string `yaml:"pr_channel"`
}

var channelIDRe = regexp.MustCompile(`^[CG][A-Z0-9]{2,}$`)

// Reaction is the "on it" emoji's name: OnIt, else DefaultOnIt.
func (s UpdateSlack) Reaction() string {
	if s.OnIt == "" {
		return DefaultOnIt
	}
	return s.OnIt
}

// Triage tunes the triage commands.
type Triage struct {
	// Patterns are the regular expressions (case-insensitive) an error line
	// matches; empty means error, exception, fatal, panic, traceback.
	Patterns []string `yaml:"patterns,omitempty"`
}

// PR says how `hotfix pr` opens pull requests.
type PR struct {
	// Repository is "owner/name" on the code host; empty means
	// GITHUB_REPOSITORY, else the push remote's URL.
	Repository string `yaml:"repository"`
	// APIURL is the GitHub API base; GITHUB_API_URL wins. A GitHub
	// Enterprise Server base ends in /api/v3.
	APIURL string `yaml:"api_url"`
	// Title is the pull request title, a template over the record's
	// fields: .Title .Severity .ID .Version.
	Title string `yaml:"title"`
	// Labels are added to the pull request; templates as for Title.
	Labels []string `yaml:"labels"`
	// Reviewers are users or org/team names always asked to review.
	Reviewers []string `yaml:"reviewers,omitempty"`
	// CodeOwners adds the CODEOWNERS owners of the changed files.
	CodeOwners bool `yaml:"codeowners"`
	// MinReviewers is the fewest reviewers a pull request may have; fewer
	// stops `hotfix pr` before anything is pushed.
	MinReviewers int `yaml:"min_reviewers"`
	// Draft opens pull requests as drafts.
	Draft bool `yaml:"draft"`
	// ClosesReport, when the report is a GitHub issue, says so in the
	// body as "Fixes OWNER/REPO#N", so that merging the pull request
	// closes it; false writes "Refs OWNER/REPO#N", which only links it.
	ClosesReport bool `yaml:"closes_report"`
}

// PRVars are the fields the pull request title and label templates use.
type PRVars struct {
	Title, Severity, ID, Version string
}

// Verify is the verify policy.
type Verify struct {
	// Rules are the rules checked by default. coverage also runs whenever a
	// report is given; repro runs when listed or with --repro.
	Rules []string `yaml:"rules"`
	// Exclude are gitignore-style patterns of paths that need neither tests
	// nor doc comments (generated code, vendored code, fixtures).
	Exclude []string `yaml:"exclude"`
	// TestsTouched tunes tests-touched.
	TestsTouched TestsTouched `yaml:"tests_touched"`
	// DocsTouched tunes docs-touched.
	DocsTouched DocsTouched `yaml:"docs_touched"`
	// TestsPass tunes tests-pass.
	TestsPass TestsPass `yaml:"tests_pass"`
	// Coverage tunes coverage.
	Coverage Coverage `yaml:"coverage"`
	// Repro tunes repro.
	Repro Repro `yaml:"repro"`
	// Waivers says which waivers the policy accepts.
	Waivers Waivers `yaml:"waivers"`
}

// Waivers says which waivers the governing policy accepts. The policy comes
// from the base side of a change, so a change cannot widen it for itself.
type Waivers struct {
	// Allow lists the rules that may be waived: every rule by default, none
	// when empty.
	Allow []string `yaml:"allow"`
	// Trailers says whether Hotfix-Waive commit trailers count (the
	// default); false leaves only --waive, given by whoever runs verify.
	Trailers bool `yaml:"trailers"`
}

// Allows reports whether the policy lets rule be waived.
func (w Waivers) Allows(rule string) bool {
	for _, r := range w.Allow {
		if r == rule {
			return true
		}
	}
	return false
}

// TestsTouched modes.
const (
	ModePerFile = "per-file"
	ModeAnyTest = "any-test"
)

// TestsTouched tunes the tests-touched rule.
type TestsTouched struct {
	// Mode is per-file (each changed source file needs its own test) or
	// any-test (any added or changed test satisfies the rule).
	Mode string `yaml:"mode"`
}

// DocsTouched tunes the docs-touched rule.
type DocsTouched struct {
	// RequireUpdate asks that a declaration whose body changed also has a
	// comment line (its doc or inside it) changed.
	RequireUpdate bool `yaml:"require_update"`
	// AllAdded asks that every added function, method, class and type,
	// exported or not, has a doc comment (not fields, properties,
	// constants or module and package variables; docs/verify.md).
	AllAdded bool `yaml:"all_added"`
}

// TestsPass tunes the tests-pass rule.
type TestsPass struct {
	// Command is run by the shell at the repository root; empty means the
	// command detected from the repository (go test ./..., pytest, npm
	// test, mvn test, gradle test).
	Command string `yaml:"command"`
	// RunInCI runs the command in CI even though it may be slow; false
	// skips it there.
	RunInCI bool `yaml:"run_in_ci"`
	// Timeout bounds the command.
	Timeout Duration `yaml:"timeout"`
}

// Coverage tunes the coverage rule.
type Coverage struct {
	// File is the coverage report (Go coverprofile, LCOV or Cobertura XML),
	// relative to the repository root; empty means none unless --coverage.
	File string `yaml:"file"`
	// Format is auto, go, lcov or cobertura.
	Format string `yaml:"format"`
	// MinPercent, when above 0, requires that share of the changed
	// executable lines to be covered instead of every one of them.
	MinPercent float64 `yaml:"min_percent"`
}

// Repro tunes the repro rule.
type Repro struct {
	// Command runs the given tests; {files} is replaced by the test files
	// and {tests} by the test names. Empty: go test for Go, and per
	// language defaults otherwise.
	Command string `yaml:"command"`
}

// Branches names the long-lived branches.
type Branches struct {
	// Production is the branch releases are cut from; empty means detect it
	// (the remote's default branch, else main, else master).
	Production string `yaml:"production"`
	// Develop is gitflow's integration branch.
	Develop string `yaml:"develop"`
	// ReleasePrefix prefixes release branches (gitflow, release-branches).
	ReleasePrefix string `yaml:"release_prefix"`
	// Hotfix is the template of a hotfix branch's name: a Go text/template
	// over BranchVars.
	Hotfix string `yaml:"hotfix"`
}

// Tags says which tags mark releases.
type Tags struct {
	// Pattern is a regular expression a release tag's name matches.
	Pattern string `yaml:"pattern"`
}

// Records says where incident records are kept.
type Records struct {
	// Dir is the directory, relative to the repository root.
	Dir string `yaml:"dir"`
}

// Severity is one level of the severity policy.
type Severity struct {
	// Name is the level's name, e.g. SEV1; matched case-insensitively.
	Name string `yaml:"name"`
	// Meaning tells the on-call engineer when to pick this level.
	Meaning string `yaml:"meaning"`
	// Deadlines are the time allowed from start for fix, test and deploy.
	Deadlines Deadlines `yaml:"deadlines"`
	// UpdateInterval is how often stakeholders get an update.
	UpdateInterval Duration `yaml:"update_interval"`
}

// Deadlines are durations from the start of the incident.
type Deadlines struct {
	Fix    Duration `yaml:"fix"`
	Test   Duration `yaml:"test"`
	Deploy Duration `yaml:"deploy"`
}

// BranchVars are the fields the hotfix branch template can use.
type BranchVars struct {
	Version  string
	Slug     string
	ID       string
	Severity string
	Date     string
}

// Default returns the policy used when .hotfix.yaml is absent; a file only
// overrides the keys it sets.
func Default() *Config {
	c := &Config{
		Version: CurrentVersion,
		Flow:    FlowTrunk,
		Remote:  "origin",
		Branches: Branches{
			Develop:       "develop",
			ReleasePrefix: "release/",
			Hotfix:        "hotfix/{{.Version}}-{{.Slug}}",
		},
		Tags:    Tags{Pattern: DefaultTagPattern},
		Records: Records{Dir: ".hotfix"},
		Verify: Verify{
			Rules: append([]string(nil), defaultRules...),
			Exclude: []string{"vendor/", "third_party/", "node_modules/", "testdata/", "examples/", "docs/", "*.pb.go", "*_generated.go", "zz_generated.*",
				// Build, tooling and CI files: code, but no product behaviour.
				".github/", "setup.py", "noxfile.py", "*.config.js", "*.config.ts", "*.config.mjs", "*.config.cjs",
				".eslintrc.js", ".eslintrc.cjs", "Gruntfile.js", "gulpfile.js", ".mocharc.js", "karma.conf.js",
				"magefile.go", "magefiles/", // mage, the Go make: targets built only with its own build tag
				// Benchmarks: code that measures the product, not product behaviour.
				"bench/", "benches/", "benchmark/", "benchmarks/", "/bench.js", "/bench.mjs", "/bench.ts", "/benchmark.js", "/benchmark.mjs", "/benchmark.ts"},
			TestsTouched: TestsTouched{Mode: ModePerFile},
			DocsTouched:  DocsTouched{AllAdded: true},
			TestsPass:    TestsPass{RunInCI: true, Timeout: Duration(20 * time.Minute)},
			Coverage:     Coverage{Format: "auto"},
			Waivers:      Waivers{Allow: append([]string(nil), AllRules...), Trailers: true},
		},
		Close: Close{PostmortemDir: "docs/postmortems", Publish: PublishPullRequest},
		PR: PR{
			Title:      "hotfix({{.Severity}}): {{.Title}}",
			Labels:     []string{"hotfix", "{{.Severity}}"},
			CodeOwners: true,
		},
		Severities: []Severity{
			{Name: "SEV1", Meaning: "critical: production down, data loss or security breach",
				Deadlines: Deadlines{Fix: hours(4), Test: hours(6), Deploy: hours(8)}, UpdateInterval: minutes(30)},
			{Name: "SEV2", Meaning: "major: a core feature broken for many users, no workaround",
				Deadlines: Deadlines{Fix: hours(24), Test: hours(36), Deploy: hours(48)}, UpdateInterval: hours(1)},
			{Name: "SEV3", Meaning: "minor: degraded or broken for some users, a workaround exists",
				Deadlines: Deadlines{Fix: hours(72), Test: hours(96), Deploy: hours(120)}, UpdateInterval: hours(4)},
			{Name: "SEV4", Meaning: "low: cosmetic or rare, can wait for the next release",
				Deadlines: Deadlines{Fix: hours(168), Test: hours(192), Deploy: hours(240)}, UpdateInterval: hours(24)},
		},
	}
	emptyLists(reflect.ValueOf(c).Elem())
	return c
}

// DefaultTagPattern matches final release tags such as v1.4.2, 1.4.2,
// release-1.4.2 or app/v1.4.2, and not pre-releases such as v1.5.0-rc.1.
const DefaultTagPattern = `^(?:[A-Za-z0-9_./-]*[-/_])?v?[0-9]+\.[0-9]+\.[0-9]+$`

func hours(n int) Duration   { return Duration(time.Duration(n) * time.Hour) }
func minutes(n int) Duration { return Duration(time.Duration(n) * time.Minute) }

// Severity returns the level named name (case-insensitive) and whether it exists.
func (c *Config) Severity(name string) (Severity, bool) {
	for _, s := range c.Severities {
		if strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return Severity{}, false
}

// SeverityNames lists the level names in order.
func (c *Config) SeverityNames() []string {
	names := make([]string, len(c.Severities))
	for i, s := range c.Severities {
		names[i] = s.Name
	}
	return names
}

// TagRegexp compiles the release tag pattern (validated at load).
func (c *Config) TagRegexp() *regexp.Regexp { return regexp.MustCompile(c.Tags.Pattern) }

// BranchTemplate parses the hotfix branch template (validated at load).
func (c *Config) BranchTemplate() *template.Template {
	t, err := parseTemplate("branch", c.Branches.Hotfix)
	if err != nil {
		panic(err) // validate refused it at load
	}
	return t
}

// invalid is a value error at a key path, for Parse to place on a line.
type invalid struct {
	path []interface{}
	msg  string
}

func (e *invalid) Error() string { return e.msg }

func at(path ...interface{}) func(format string, args ...interface{}) error {
	return func(format string, args ...interface{}) error {
		return &invalid{path: path, msg: fmt.Sprintf(format, args...)}
	}
}

// validate checks the values the YAML types cannot.
func (c *Config) validate() error {
	if c.Version > CurrentVersion {
		return at("version")("version %d is newer than this hotfix understands (%d); upgrade hotfix", c.Version, CurrentVersion)
	}
	if c.Version < 1 {
		return at("version")("version must be %d", CurrentVersion)
	}
	switch c.Flow {
	case FlowGitflow, FlowTrunk, FlowReleaseBranches:
	default:
		return at("flow")("flow %q is not one of gitflow, trunk, release-branches", c.Flow)
	}
	if strings.TrimSpace(c.Remote) == "" {
		return at("remote")("remote must not be empty")
	}
	if _, err := regexp.Compile(c.Tags.Pattern); err != nil {
		return at("tags", "pattern")("tags.pattern is not a valid regular expression: %v", err)
	}
	t, err := parseTemplate("branch", c.Branches.Hotfix)
	if err != nil {
		return at("branches", "hotfix")("branches.hotfix is not a valid template: %v", err)
	}
	var sb strings.Builder
	if err := t.Execute(&sb, BranchVars{Version: "v1.2.3", Slug: "x", ID: "x", Severity: "SEV1", Date: "2006-01-02"}); err != nil {
		return at("branches", "hotfix")("branches.hotfix: %v (fields: .Version .Slug .ID .Severity .Date)", err)
	}
	if !strings.Contains(c.Branches.Hotfix, ".Slug") && !strings.Contains(c.Branches.Hotfix, ".ID") {
		return at("branches", "hotfix")("branches.hotfix must use {{.Slug}} or {{.ID}} so that two hotfixes get two branches")
	}
	if err := pathsafe.Relative(c.Records.Dir); err != nil {
		return at("records", "dir")("records.dir must be a relative path inside the repository, such as .hotfix: %v", err)
	}
	if err := pathsafe.Relative(c.Close.PostmortemDir); err != nil {
		return at("close", "postmortem_dir")("close.postmortem_dir must be a relative path inside the repository, such as docs/postmortems: %v", err)
	}
	switch c.Close.Publish {
	case "", PublishPullRequest, PublishCommit, PublishNone:
	default:
		return at("close", "publish")("close.publish %q is not one of pull-request, commit, none", c.Close.Publish)
	}
	switch c.Close.Release {
	case "", ReleaseGitHub:
	default:
		return at("close", "release")("close.release %q is not github (or absent: no release is published)", c.Close.Release)
	}
	if err := c.Verify.validate(); err != nil {
		return err
	}
	if err := c.Release.validate(); err != nil {
		return err
	}
	if err := c.PR.validate(); err != nil {
		return err
	}
	if c.Update.Timezone != "" {
		if _, err := time.LoadLocation(c.Update.Timezone); err != nil {
			return at("update", "timezone")("update.timezone %q is not a time zone (use an IANA name such as Europe/Berlin)", c.Update.Timezone)
		}
	}
	if e := c.Update.Slack.OnIt; e != "" && !emojiRe.MatchString(e) {
		return at("update", "slack", "on_it")("update.slack.on_it %q is not an emoji's name (like eyes or white_check_mark, without colons)", e)
	}
	if ch := c.Update.Slack.PRChannel; ch != "" && !channelIDRe.MatchString(ch) {
		return at("update", "slack", "pr_channel")("update.slack.pr_channel %q is not a channel id (like C0123ABCD: the channel's details in Slack show it at the bottom)", ch)
	}
	if e := c.Update.WebhookEnv; e != "" && (strings.ContainsAny(e, "/:= ") || strings.HasPrefix(e, "http")) {
		return at("update", "webhook_env")("update.webhook_env must name an environment variable, not hold the URL: the URL is a secret")
	}
	for i, p := range c.Triage.Patterns {
		if _, err := regexp.Compile("(?i)" + p); err != nil {
			return at("triage", "patterns", i)("triage.patterns: %v", err)
		}
	}
	if len(c.Severities) == 0 {
		return at("severities")("severities must list at least one level")
	}
	seen := map[string]bool{}
	for i, s := range c.Severities {
		if strings.TrimSpace(s.Name) == "" {
			return at("severities", i)("severities[%d].name must not be empty", i)
		}
		k := strings.ToLower(s.Name)
		if seen[k] {
			return at("severities", i, "name")("severity %q is listed twice", s.Name)
		}
		seen[k] = true
		if s.UpdateInterval <= 0 {
			return at("severities", i)("severities[%d].update_interval must be positive", i)
		}
	}
	return nil
}

func (v *Verify) validate() error {
	for i, r := range v.Rules {
		if !KnownRule(r) {
			return at("verify", "rules", i)("verify.rules: unknown rule %q (rules: %s)", r, strings.Join(AllRules, ", "))
		}
	}
	switch v.TestsTouched.Mode {
	case ModePerFile, ModeAnyTest:
	default:
		return at("verify", "tests_touched", "mode")("verify.tests_touched.mode %q is not per-file or any-test", v.TestsTouched.Mode)
	}
	switch v.Coverage.Format {
	case "auto", "go", "lcov", "cobertura":
	default:
		return at("verify", "coverage", "format")("verify.coverage.format %q is not auto, go, lcov or cobertura", v.Coverage.Format)
	}
	if !(v.Coverage.MinPercent >= 0 && v.Coverage.MinPercent <= 100) { // NaN too
		return at("verify", "coverage", "min_percent")("verify.coverage.min_percent must be between 0 and 100")
	}
	if v.TestsPass.Timeout <= 0 {
		return at("verify", "tests_pass", "timeout")("verify.tests_pass.timeout must be positive")
	}
	for i, r := range v.Waivers.Allow {
		if !KnownRule(r) {
			return at("verify", "waivers", "allow", i)("verify.waivers.allow: unknown rule %q (rules: %s)", r, strings.Join(AllRules, ", "))
		}
	}
	return nil
}

func (r *Release) validate() error {
	if len(r.VersionFiles) == 0 {
		r.VersionFiles = nil // [] and an absent key mean the same
	}
	seen := map[string]bool{}
	for i, f := range r.VersionFiles {
		bad := at("release", "version_files", i)
		if err := pathsafe.Relative(f); err != nil {
			return bad("release.version_files: %v", err)
		}
		if !versionfile.Supported(f) {
			return bad("release.version_files: %s is not a version file hotfix can read (package.json, pyproject.toml, setup.cfg, setup.py, __init__.py, __version__.py, _version.py, Cargo.toml, pom.xml, build.gradle(.kts), gradle.properties, *.gemspec, version.rb, VERSION, a .go file)", f)
		}
		k := path.Clean(filepath.ToSlash(f))
		if seen[k] {
			return bad("release.version_files: %s is listed twice", f)
		}
		seen[k] = true
	}
	return nil
}

// KnownRule reports whether id is a verify rule.
func KnownRule(id string) bool {
	for _, r := range AllRules {
		if r == id {
			return true
		}
	}
	return false
}

func (p *PR) validate() error {
	vars := PRVars{Title: "t", Severity: "SEV1", ID: "x", Version: "v1.2.3"}
	if _, err := RenderPR(p.Title, vars); err != nil {
		return at("pr", "title")("pr.title: %v (fields: .Title .Severity .ID .Version)", err)
	}
	for i, l := range p.Labels {
		if _, err := RenderPR(l, vars); err != nil {
			return at("pr", "labels", i)("pr.labels: %v", err)
		}
	}
	for i, r := range p.Reviewers {
		if strings.TrimSpace(r) == "" || strings.ContainsAny(r, " @") {
			return at("pr", "reviewers", i)("pr.reviewers: %q is not a login or org/team (write them without @)", r)
		}
	}
	if p.MinReviewers < 0 {
		return at("pr", "min_reviewers")("pr.min_reviewers must not be negative")
	}
	if p.Repository != "" && strings.Count(p.Repository, "/") != 1 {
		return at("pr", "repository")("pr.repository %q is not owner/name", p.Repository)
	}
	return nil
}

// RenderPR fills a pull request title or label template.
func RenderPR(tmpl string, v PRVars) (string, error) {
	t, err := parseTemplate("pr", tmpl)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := t.Execute(&b, v); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}
