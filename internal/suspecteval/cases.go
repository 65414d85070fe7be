// Package suspecteval measures `hotfix triage suspects` against real
// regressions (issue 18): for each case it ranks the commits between good
// and bad by the case's trace with three methods (hotfix's suspects, git
// blame on the trace lines, git log -L on the trace functions) and scores
// where each puts the culprit. It reads local clones and fetches nothing.
package suspecteval

import (
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// Splits are the corpus splits: tune is what the ranking may be tuned on,
// test is held out.
var Splits = []string{"tune", "test"}

// Case is one regression of the corpus.
type Case struct {
	Repo    string `yaml:"repo"`
	Lang    string `yaml:"lang"`
	Fix     string `yaml:"fix"`
	Culprit string `yaml:"culprit"`
	Good    string `yaml:"good"`
	Bad     string `yaml:"bad"`
	// Trace is the trace file's name, relative to the traces directory
	// next to the cases file.
	Trace string `yaml:"trace"`
	// Deployed says the trace names files by deployed paths (site-packages,
	// node_modules, the Go module cache) rather than repository paths.
	Deployed bool   `yaml:"deployed_paths"`
	How      string `yaml:"how"`
	GoodHow  string `yaml:"good_how"`
	Split    string `yaml:"split"`
	// TracePath is Trace resolved against the cases file (not in YAML).
	TracePath string `yaml:"-"`
}

type file struct {
	Version int    `yaml:"version"`
	Cases   []Case `yaml:"cases"`
}

// LoadCases reads and checks the corpus at path; traces are looked up in
// the traces directory beside it.
func LoadCases(path string) ([]Case, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cs, err := ParseCases(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Join(filepath.Dir(path), "traces")
	for i := range cs {
		cs[i].TracePath = filepath.Join(dir, cs[i].Trace)
		if _, err := os.Stat(cs[i].TracePath); err != nil {
			return nil, fmt.Errorf("%s: case %d (%s %s): no trace: %w", path, i+1, cs[i].Repo, short(cs[i].Fix), err)
		}
	}
	return cs, nil
}

// ParseCases parses and checks the corpus's YAML.
func ParseCases(b []byte) ([]Case, error) {
	var f file
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	if f.Version != 1 {
		return nil, fmt.Errorf("version %d: want 1", f.Version)
	}
	for i, c := range f.Cases {
		for name, id := range map[string]string{"fix": c.Fix, "culprit": c.Culprit, "good": c.Good, "bad": c.Bad} {
			if !isHex40(id) {
				return nil, fmt.Errorf("case %d (%s): %s %q is not a full commit id", i+1, c.Repo, name, id)
			}
		}
		if c.Repo == "" || c.Trace == "" || c.How == "" {
			return nil, fmt.Errorf("case %d: repo, trace and how are required", i+1)
		}
		if !oneOf(c.Split, Splits) {
			return nil, fmt.Errorf("case %d (%s %s): split %q: want tune or test", i+1, c.Repo, short(c.Fix), c.Split)
		}
	}
	return f.Cases, nil
}

func short(id string) string {
	if len(id) > 10 {
		return id[:10]
	}
	return id
}

func isHex40(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}
