package record

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func sample() *Record {
	created := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	fix := created.Add(4 * time.Hour)
	r := &Record{
		Schema: SchemaVersion, ID: "2026-11-22-checkout-returns-500", Phase: PhaseInvestigating, Created: created,
		Incident: Incident{
			Title: "Checkout returns 500", Severity: "SEV2", Reporter: "alice", Detection: DetectedAutomatic,
			Affected: "all shoppers", Version: "v1.4.2", RelatedRepos: []string{"shop/api"}, Logs: []string{"/var/log/app.log"},
			Owner: "bob", DatasetsChecked: Yes, ClientNotice: No,
		},
		Branch:    Branch{Name: "hotfix/v1.4.2-checkout-returns-500", Base: "v1.4.2", BaseCommit: strings.Repeat("a", 40), Production: "main"},
		Deadlines: Deadlines{Fix: &fix},
	}
	r.AddEvent(Event{At: created, Kind: EventStarted, By: "bob", Text: "started", Fields: map[string]string{"base": "v1.4.2"}})
	return r
}

func TestRoundTrip(t *testing.T) {
	r := sample()
	data, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("r.yaml", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	r.Open = r.OpenItems()
	if !reflect.DeepEqual(back, r) {
		t.Fatalf("round trip changed the record:\n%+v\n%+v", back, r)
	}
	if !strings.Contains(string(data), "\n  title: Checkout returns 500\n") {
		t.Fatalf("expected two-space indentation:\n%s", data)
	}
}

func TestOpenItems(t *testing.T) {
	r := sample()
	want := []string{"summary", "error_message", "scope", "documenter"}
	if got := r.OpenItems(); !reflect.DeepEqual(got, want) {
		t.Fatalf("open = %v, want %v", got, want)
	}
	data, _ := r.Marshal()
	if !strings.Contains(string(data), "open:\n  - summary\n  - error_message\n") {
		t.Fatalf("record does not list open items:\n%s", data)
	}
}

func TestParseRefuses(t *testing.T) {
	good, _ := sample().Marshal()
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"newer schema", strings.Replace(string(good), "schema: 1", "schema: 9", 1), "record schema 9 was written by a newer hotfix (this one reads schema 1 and older); upgrade hotfix"},
		{"no schema", strings.Replace(string(good), "schema: 1\n", "", 1), "is not a hotfix record"},
		{"unknown key", strings.Replace(string(good), "  reporter: alice\n", "  reporter: alice\n  reportr: x\n", 1), `unknown key "reportr" in incident`},
		{"bad detection", strings.Replace(string(good), "detection: automatic", "detection: psychic", 1), `incident.detection "psychic" is not manual or automatic`},
		{"bad yes/no", strings.Replace(string(good), "datasets_checked: \"yes\"", "datasets_checked: maybe", 1), `incident.datasets_checked "maybe" is not yes or no`},
		{"bad id", strings.Replace(string(good), "id: 2026-11-22-checkout-returns-500", "id: ../../etc/passwd", 1), `is not a valid record id`},
		{"no title", strings.Replace(string(good), "  title: Checkout returns 500\n", "", 1), "incident.title is empty"},
		{"bad time", strings.Replace(string(good), "created: 2026-11-22T10:00:00Z", "created: yesterday", 1), "r.yaml:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("r.yaml", []byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestAddEventKeepsOrderAndUTC(t *testing.T) {
	r := sample()
	ny, _ := time.LoadLocation("America/New_York")
	r.AddEvent(Event{At: time.Date(2026, 11, 22, 9, 30, 0, 500, ny), Kind: "update"})
	r.AddEvent(Event{At: time.Date(2026, 11, 22, 11, 0, 0, 0, time.UTC), Kind: "hypothesis"})
	var kinds []string
	for i, e := range r.Timeline {
		kinds = append(kinds, e.Kind)
		if e.At.Location() != time.UTC || e.At.Nanosecond() != 0 {
			t.Errorf("event %d at %v: want UTC, whole seconds", i, e.At)
		}
	}
	if want := []string{"started", "hypothesis", "update"}; !reflect.DeepEqual(kinds, want) {
		t.Fatalf("kinds %v, want %v", kinds, want)
	}
}

func TestOverdue(t *testing.T) {
	r := sample()
	test := r.Created.Add(6 * time.Hour)
	deploy := r.Created.Add(8 * time.Hour)
	r.Deadlines.Test, r.Deadlines.Deploy = &test, &deploy
	for _, tc := range []struct {
		phase string
		after time.Duration
		want  []string
	}{
		{PhaseInvestigating, 3 * time.Hour, nil},
		{PhaseInvestigating, 5 * time.Hour, []string{"fix"}},
		{PhaseFixing, 9 * time.Hour, []string{"fix", "test", "deploy"}},
		{PhaseInReview, 9 * time.Hour, []string{"test", "deploy"}},
		{PhaseMitigated, 9 * time.Hour, []string{"fix", "test", "deploy"}},
		{PhaseMerged, 9 * time.Hour, []string{"deploy"}},
		{PhaseReleased, 9 * time.Hour, []string{"deploy"}},
		{PhaseDeployed, 9 * time.Hour, nil},
		{PhaseClosed, 9 * time.Hour, nil},
		{PhaseAbandoned, 9 * time.Hour, nil},
	} {
		r.Phase = tc.phase
		if got := r.Overdue(r.Created.Add(tc.after)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s after %v: overdue %v, want %v", tc.phase, tc.after, got, tc.want)
		}
	}
	// An ended hotfix owes no update either.
	for _, p := range []string{PhaseClosed, PhaseAbandoned} {
		r.Phase = p
		if !r.Ended() || r.UpdateOverdue(r.Created.Add(9*time.Hour), time.Hour) {
			t.Errorf("%s: ended %v, update overdue", p, r.Ended())
		}
	}
	r.Phase = PhaseMerged
	if r.Ended() || !r.UpdateOverdue(r.Created.Add(9*time.Hour), time.Hour) {
		t.Error("a merged hotfix is not ended and owes updates")
	}
}

// A phase only moves forward, and an ended hotfix keeps its phase.
func TestAdvance(t *testing.T) {
	r := sample()
	r.Phase = PhaseInvestigating
	if !r.Advance(PhaseMitigated) || r.Phase != PhaseMitigated {
		t.Fatalf("investigating -> mitigated: %s", r.Phase)
	}
	r.Phase = PhaseInReview
	if r.Advance(PhaseMitigated) || r.Phase != PhaseInReview {
		t.Fatalf("in-review went back to %s", r.Phase)
	}
	if !r.Advance(PhaseDeployed) || r.Advance(PhaseReleased) || r.Phase != PhaseDeployed {
		t.Fatalf("deployed: %s", r.Phase)
	}
	for _, p := range []string{PhaseClosed, PhaseAbandoned} {
		r.Phase = p
		if r.Advance(PhaseDeployed) || r.Phase != p {
			t.Fatalf("%s moved to %s", p, r.Phase)
		}
	}
	if r.Phase = PhaseFixing; r.Advance("nonsense") || PhaseIndex(PhaseAbandoned) != -1 {
		t.Fatal("an unknown phase or abandoned is not in the order")
	}
	for i := 1; i < len(Phases); i++ {
		if PhaseIndex(Phases[i-1]) >= PhaseIndex(Phases[i]) {
			t.Fatalf("%s is not before %s", Phases[i-1], Phases[i])
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Checkout returns 500":          "checkout-returns-500",
		"  Café crème: naïve façade!  ": "cafe-creme-naive-facade",
		"../../etc/passwd":              "etc-passwd",
		"hotfix~1^2:3?*[x]\\ @{y}":      "hotfix-1-2-3-x-y",
		"-leading dash":                 "leading-dash",
		"日本語だけ":                         "incident",
		"":                              "incident",
		"The payment service times out for every European customer since the deploy": "the-payment-service-times-out-for-every",
		"x.lock": "x-lock",
		// Never cut inside a word (issue 19): apostrophes, letters
		// without a decomposition, a long identifier after a short word.
		"Users can't log in since Tuesday":                        "users-cant-log-in-since-tuesday",
		"Checkout fails for Straße and Łódź addresses":            "checkout-fails-for-strasse-and-lodz",
		"TypeError: ConfigurationLoaderFactoryBeanProvider unset": "typeerror",
		"Supercalifragilisticexpialidociousnessesqueezed too":     "supercalifragilisticexpialidociousnesses",
		"O’Brien's order": "obriens-order",
		"'quoted' title":  "quoted-title",
	} {
		got := Slug(in)
		if got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
		if len(got) > MaxSlug || !ValidID(got) {
			t.Errorf("Slug(%q) = %q is not a valid id piece", in, got)
		}
	}
	if got := NewID(time.Date(2026, 3, 4, 23, 0, 0, 0, time.FixedZone("x", -5*3600)), "Down"); got != "2026-03-05-down" {
		t.Errorf("NewID uses UTC date: got %q", got)
	}
}

func TestValidID(t *testing.T) {
	for _, id := range []string{"2026-11-22-x", "a", "abc-123"} {
		if !ValidID(id) {
			t.Errorf("%q should be valid", id)
		}
	}
	for _, id := range []string{"", "-x", "A", "a/b", "..", "a.yaml", "a b", strings.Repeat("a", 81)} {
		if ValidID(id) {
			t.Errorf("%q should be invalid", id)
		}
	}
}

func TestStore(t *testing.T) {
	root := t.TempDir()
	s := Store{Root: root, Dir: ".hotfix"}
	if recs, errs := s.List(); len(recs) != 0 || len(errs) != 0 {
		t.Fatalf("empty store lists %v %v", recs, errs)
	}
	r := sample()
	if err := s.Save(r); err != nil {
		t.Fatal(err)
	}
	if s.RelPath(r.ID) != ".hotfix/2026-11-22-checkout-returns-500.yaml" {
		t.Fatalf("RelPath = %s", s.RelPath(r.ID))
	}
	got, err := s.Load(r.ID)
	if err != nil || got.Incident.Title != r.Incident.Title {
		t.Fatalf("Load: %v %+v", err, got)
	}
	if id := s.UniqueID(r.ID); id != r.ID+"-2" {
		t.Fatalf("UniqueID = %s", id)
	}
	// A broken record is reported beside the good ones; temp files are ignored.
	if err := os.WriteFile(filepath.Join(root, ".hotfix", "broken.yaml"), []byte("schema: 1\nid: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ".hotfix", ".x.yaml.tmp-1"), []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, errs := s.List()
	if len(recs) != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "broken.yaml") {
		t.Fatalf("List = %v, %v", recs, errs)
	}
	if _, err := s.Load("nope"); err == nil || !strings.Contains(err.Error(), "no such record") {
		t.Fatalf("Load missing: %v", err)
	}
	if _, err := s.Load("../x"); err == nil {
		t.Fatal("Load accepted a path")
	}
	entries, _ := os.ReadDir(filepath.Join(root, ".hotfix"))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") && e.Name() != ".x.yaml.tmp-1" {
			t.Fatalf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestStoreRefusesSymlinkedDir(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(root, ".hotfix")); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	s := Store{Root: root, Dir: ".hotfix"}
	if err := s.Save(sample()); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("Save through a symlink: %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("wrote outside the repository: %v", entries)
	}
}

func TestVerifyResultRoundTrip(t *testing.T) {
	r := sample()
	r.Verify = &VerifyResult{At: r.Created, Commit: strings.Repeat("c", 40), Base: "v1.4.2", MergeBase: strings.Repeat("b", 40), Worktree: true, Passed: true,
		Rules:   []RuleOutcome{{ID: "tests-touched", Status: "passed", Summary: "1 file"}, {ID: "coverage", Status: "waived"}},
		Waivers: []Waiver{{Rule: "coverage", Reason: "report predates the fix", Source: "flag"}}, Findings: 2}
	r.AddEvent(Event{At: r.Created, Kind: EventVerified, Text: "verify passed"})
	data, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("r.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Verify, r.Verify) {
		t.Fatalf("%+v\n%+v", back.Verify, r.Verify)
	}
	if !strings.Contains(string(data), "verify:\n  at: 2026-11-22T10:00:00Z\n") {
		t.Fatalf("verify section:\n%s", data)
	}
}

func TestPullRequestAndBackportsRoundTrip(t *testing.T) {
	r := sample()
	r.PullRequest = &PullRequest{Number: 7, URL: "https://github.com/shop/api/pull/7", Base: "main", Draft: true, Opened: r.Created,
		Reviewers: []string{"alice", "shop/core"}, SkipVerify: "staging runs them"}
	r.Backports = []Backport{{Target: "release/1.3", Branch: "hotfix/x-to-release-1.3", State: "done", Number: 8, URL: "https://github.com/shop/api/pull/8"},
		{Target: "release/1.2", Branch: "hotfix/x-to-release-1.2", State: "conflict", Conflicts: []string{"app.py"}}}
	r.AddEvent(Event{At: r.Created, Kind: EventPullRequest, Text: "pull request #7 created"})
	data, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("r.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.PullRequest, r.PullRequest) || !reflect.DeepEqual(back.Backports, r.Backports) {
		t.Fatalf("%+v %+v", back.PullRequest, back.Backports)
	}
}

func TestHypothesesFoldToLatest(t *testing.T) {
	r := sample()
	at := r.Created
	add := func(min int, text string, fields map[string]string) {
		r.AddEvent(Event{At: at.Add(time.Duration(min) * time.Minute), Kind: EventHypothesis, Text: text, Fields: fields})
	}
	add(1, "cache returns stale prices", map[string]string{"id": "1"})
	add(2, "json parser rejects empty body", map[string]string{"id": "2", "status": HypothesisOpen})
	add(3, "", map[string]string{"id": "1", "status": HypothesisRejected, "evidence": "cache disabled, still fails"})
	add(4, "", map[string]string{"id": "2", "status": HypothesisVerified, "evidence": "repro with curl -d ''"})
	r.AddEvent(Event{At: at.Add(5 * time.Minute), Kind: EventUpdate, Text: "still investigating"})

	got := r.Hypotheses()
	want := []Hypothesis{
		{ID: "1", Text: "cache returns stale prices", Status: HypothesisRejected, Evidence: "cache disabled, still fails", At: at.Add(3 * time.Minute)},
		{ID: "2", Text: "json parser rejects empty body", Status: HypothesisVerified, Evidence: "repro with curl -d ''", At: at.Add(4 * time.Minute)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("hypotheses\n got %+v\nwant %+v", got, want)
	}
}

func TestUpdateOverdue(t *testing.T) {
	r := sample()
	hour := time.Hour
	if r.UpdateOverdue(r.Created.Add(59*time.Minute), hour) {
		t.Error("overdue before the first interval passed")
	}
	if !r.UpdateOverdue(r.Created.Add(61*time.Minute), hour) {
		t.Error("not overdue an hour after start with no update")
	}
	r.AddEvent(Event{At: r.Created.Add(50 * time.Minute), Kind: EventUpdate, Text: "found the cause"})
	if got := r.LastUpdate(); !got.Equal(r.Created.Add(50 * time.Minute)) {
		t.Errorf("last update %v", got)
	}
	if r.UpdateOverdue(r.Created.Add(100*time.Minute), hour) {
		t.Error("overdue 50 minutes after an update")
	}
	if !r.UpdateOverdue(r.Created.Add(111*time.Minute), hour) {
		t.Error("not overdue 61 minutes after an update")
	}
	if r.UpdateOverdue(r.Created.Add(10*hour), 0) {
		t.Error("overdue with no interval configured")
	}
	r.Phase = PhaseClosed
	if r.UpdateOverdue(r.Created.Add(10*hour), hour) {
		t.Error("overdue after close")
	}
}

func TestTriageRoundTrip(t *testing.T) {
	r := sample()
	r.Triage = &Triage{
		Locations: []Location{{File: "app/api/checkout.py", Line: 42, Symbol: "parse_body", Count: 17}},
		Errors:    []LogError{{Message: "ValueError: empty body", Count: 17, First: "app.log:120"}},
	}
	data, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("r.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Triage, r.Triage) {
		t.Fatalf("triage %+v, want %+v", back.Triage, r.Triage)
	}
}

func TestCloseRoundTrip(t *testing.T) {
	r := sample()
	at := time.Date(2026, 11, 22, 11, 0, 0, 0, time.UTC)
	r.Phase = PhaseClosed
	r.Close = &Close{MergeCommit: "abc123", Merged: at, Tag: "v1.0.1", TagCommit: "def456", AllowedExtra: "the transport ships on purpose",
		Extra: []string{"0a1b2c3 WIP: experimental transport"}, MergedBack: []string{"develop: merged"},
		Postmortem: "docs/postmortems/x.md", ActionIssues: []string{"#2"}, Closed: at.Add(time.Hour), Durations: map[string]string{"close": "1h"}}
	data, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("r.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Close, r.Close) {
		t.Fatalf("close %+v, want %+v", back.Close, r.Close)
	}
	if back.UpdateOverdue(at.Add(48*time.Hour), time.Hour) {
		t.Error("a closed hotfix has no update due")
	}
}

func TestStoreRefusesEscapingDirs(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "out")); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	if err := os.Symlink("real", filepath.Join(root, "in")); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]string{
		"out/records": "out is a symbolic link",
		"in":          "in is a symbolic link", // even pointing inside
		"in/records":  "in is a symbolic link",
		"../x":        "climbs out",
		outside:       "absolute path",
	} {
		s := Store{Root: root, Dir: dir}
		if err := s.Save(sample()); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Save in %s: %v, want %q", dir, err, want)
		}
		if _, err := s.Load(sample().ID); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load in %s: %v, want %q", dir, err, want)
		}
		if _, errs := s.List(); len(errs) != 1 || !strings.Contains(errs[0].Error(), want) {
			t.Errorf("List in %s: %v", dir, errs)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("wrote outside the repository: %v", entries)
	}
	if entries, _ := os.ReadDir(filepath.Join(root, "real")); len(entries) != 0 {
		t.Fatalf("wrote through the inside link: %v", entries)
	}
}

func TestStoreRefusesSymlinkedRecordFile(t *testing.T) {
	root := t.TempDir()
	secret := filepath.Join(t.TempDir(), "environ")
	if err := os.WriteFile(secret, []byte("GH_TOKEN=ghp_CANARY0123456789abcdefCANARY\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, ".hotfix"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(root, ".hotfix", "2026-11-22-x.yaml")); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	_, err := Store{Root: root, Dir: ".hotfix"}.Load("2026-11-22-x")
	if err == nil || !strings.Contains(err.Error(), "not a regular file") || strings.Contains(err.Error(), "CANARY") {
		t.Fatalf("Load of a symlinked record: %v", err)
	}
}

func TestLoadRefusesEscapingIDs(t *testing.T) {
	s := Store{Root: t.TempDir(), Dir: ".hotfix"}
	for _, id := range []string{"../x", "..", "a/b", "/etc/passwd", "x.yaml", "-x", "", "A", "x\x00"} {
		if ValidID(id) {
			t.Errorf("ValidID(%q)", id)
		}
		if _, err := s.Load(id); err == nil || !strings.Contains(err.Error(), "not a record id") {
			t.Errorf("Load(%q): %v", id, err)
		}
	}
}

// Every record an earlier build wrote (testdata/schema1, see its README)
// still loads, keeps its data through a save, and validates.
func TestOlderRecordsLoad(t *testing.T) {
	files, err := filepath.Glob("testdata/schema*/*.yaml")
	if err != nil || len(files) < 10 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Parse(f, data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if r.ID != "2026-11-22-checkout-returns-500" || r.Incident.Title != "Checkout returns 500" || len(r.Timeline) == 0 {
			t.Errorf("%s: %+v", f, r)
		}
		out, err := r.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(f, out)
		if err != nil {
			t.Fatalf("%s after a save: %v", f, err)
		}
		if !reflect.DeepEqual(again, r) {
			t.Errorf("%s changed through a save:\n%+v\n%+v", f, r, again)
		}
		if strings.HasSuffix(f, "-full.yaml") && r.Close == nil && strings.Contains(f, "8127ad4") {
			t.Errorf("%s lost its close section", f)
		}
	}
}

// The migration hook: a record of an older schema goes through each step
// in order before strict decoding; a gap or a failing step is an error
// naming the schema.
func TestMigrate(t *testing.T) {
	old := []byte("schema: 1\nid: x\nsummry: typo fixed in schema 2\n")
	ms := []Migration{
		{From: 2, Why: "third", Apply: func(doc *yaml.Node) error {
			doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "three"}, &yaml.Node{Kind: yaml.ScalarNode, Value: "yes"})
			return nil
		}},
		{From: 1, Why: "summry is summary", Apply: func(doc *yaml.Node) error {
			for i := 0; i < len(doc.Content); i += 2 {
				if doc.Content[i].Value == "summry" {
					doc.Content[i].Value = "summary"
				}
			}
			return nil
		}},
	}
	out, err := migrate("r.yaml", old, 1, 3, ms)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(out); got != "schema: 3\nid: x\nsummary: typo fixed in schema 2\nthree: yes\n" {
		t.Fatalf("migrated:\n%s", got)
	}
	if _, err := migrate("r.yaml", old, 1, 4, ms); err == nil || !strings.Contains(err.Error(), "no migration from schema 3") {
		t.Fatalf("gap: %v", err)
	}
	ms[1].Apply = func(*yaml.Node) error { return errors.New("boom") }
	if _, err := migrate("r.yaml", old, 1, 3, ms); err == nil || !strings.Contains(err.Error(), "migrating the record from schema 1 (summry is summary): boom") {
		t.Fatalf("failing step: %v", err)
	}
	// With no schema key at all a migration adds it.
	top := &yaml.Node{Kind: yaml.MappingNode}
	setSchema(top, 2)
	if b, _ := yaml.Marshal(top); string(b) != "schema: 2\n" {
		t.Fatalf("%s", b)
	}
}

func TestValidateReport(t *testing.T) {
	r := &Record{ID: "2026-11-22-x", Incident: Incident{Title: "x", Severity: "SEV2"}}
	for link, ok := range map[string]bool{
		"https://acme.slack.com/archives/C0123ABCD/p1700000000123456": true,
		"https://github.com/acme/shop/issues/4":                       true,
		"http://acme.slack.com/archives/C0123ABCD/p1700000000123456":  false,
		"https://user:secret@example.com/x":                           false,
		"acme":                                                        false,
	} {
		r.Incident.Report = link
		if err := r.Validate(); (err == nil) != ok {
			t.Errorf("%s: %v", link, err)
		}
	}
}

// TestNextUpdate: the next update is what the last one promised, else the
// interval after it (or the start), to the minute; none is owed after a
// resolved update without a next time, or once the hotfix ended.
func TestNextUpdate(t *testing.T) {
	r := sample()
	hour := time.Hour
	if got, ok := r.NextUpdate(hour); !ok || !got.Equal(NextUpdateAfter(r.Created, hour)) {
		t.Fatalf("before any update: %v %v", got, ok)
	}
	if _, ok := r.NextUpdate(0); ok {
		t.Fatal("owed with no interval and no promise")
	}
	promised := r.Created.Add(3 * hour).UTC()
	r.AddEvent(Event{At: r.Created.Add(10 * time.Minute), Kind: EventUpdate, Fields: map[string]string{"status": "identified", "next_update": promised.Format(time.RFC3339)}})
	if got, ok := r.NextUpdate(hour); !ok || !got.Equal(promised) {
		t.Fatalf("promised: %v %v", got, ok)
	}
	if r.UpdateOverdue(promised, hour) || !r.UpdateOverdue(promised.Add(time.Second), hour) {
		t.Fatal("overdue is not after the promised time")
	}
	if got, ok := r.NextUpdate(0); !ok || !got.Equal(promised) {
		t.Fatal("a promise holds without an interval")
	}
	r.AddEvent(Event{At: r.Created.Add(20 * time.Minute), Kind: EventUpdate, Fields: map[string]string{"status": "resolved"}})
	if _, ok := r.NextUpdate(hour); ok {
		t.Fatal("owed after resolved")
	}
	r.AddEvent(Event{At: r.Created.Add(30*time.Minute + 17*time.Second), Kind: EventUpdate, Fields: map[string]string{"status": "monitoring"}})
	if got, _ := r.NextUpdate(hour); !got.Equal(r.Created.Add(90 * time.Minute).Truncate(time.Minute)) {
		t.Fatalf("after an update without a time: %v", got)
	}
	r.Phase = PhaseAbandoned
	if _, ok := r.NextUpdate(hour); ok {
		t.Fatal("owed after the end")
	}
}

// Holds tells the records directory's files from the rest, whatever the
// directory is called and however it is written.
func TestStoreHolds(t *testing.T) {
	for dir, cases := range map[string]map[string]bool{
		".hotfix":        {".hotfix/2026-11-22-x.yaml": true, ".hotfixes/x.yaml": false, "shop/shop.go": false, "a/.hotfix/x.yaml": false},
		"ops/incidents/": {"ops/incidents/x.yaml": true, "ops/incidents.md": false, "ops/x.yaml": false},
	} {
		s := Store{Dir: dir}
		for path, want := range cases {
			if got := s.Holds(path); got != want {
				t.Errorf("Store{Dir: %q}.Holds(%q) = %v, want %v", dir, path, got, want)
			}
		}
	}
}
