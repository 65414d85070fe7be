package config

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/hotfix-dev/hotfix/internal/fsutil"
	"github.com/hotfix-dev/hotfix/internal/pathsafe"
	"github.com/hotfix-dev/hotfix/pkg/strictyaml"
	"gopkg.in/yaml.v3"
)

// Load reads .hotfix.yaml from the repository root dir. A missing file gives
// the defaults; a present one is decoded strictly over them. Load also checks
// the paths against the file system: a .hotfix.yaml, records.dir,
// close.postmortem_dir or a release.version_files entry reached through a symbolic link that leads outside the
// repository is refused, and so is a records directory that is a symbolic
// link at all.
func Load(dir string) (*Config, error) {
	path := filepath.Join(dir, FileName)
	if err := pathsafe.Check(dir, FileName, false); err != nil {
		return nil, &strictyaml.Error{File: FileName, Msg: "the policy must be a file inside the repository: " + err.Error()}
	}
	c, doc := Default(), &yaml.Node{}
	data, err := fsutil.ReadRegular(path, 0)
	var nr *fsutil.NotRegularError
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case errors.As(err, &nr):
		return nil, &strictyaml.Error{File: FileName, Msg: "the policy must be a regular file; it is " + nr.Kind + ": remove it or replace it with the YAML file"}
	case err != nil:
		return nil, err
	default:
		if c, doc, err = parse(FileName, data); err != nil {
			return nil, err
		}
	}
	if err := c.checkPaths(dir, doc); err != nil {
		return nil, err
	}
	return c, nil
}

// LoadData decodes data, the policy file as read from somewhere else than
// the work tree (a commit, --config), strictly over the defaults, names
// errors after name, and checks its paths against the repository root as
// Load does. Empty data gives the defaults.
func LoadData(root, name string, data []byte) (*Config, error) {
	c, doc := Default(), &yaml.Node{}
	if len(data) > 0 {
		var err error
		if c, doc, err = parse(name, data); err != nil {
			return nil, err
		}
	}
	if err := c.checkPaths(root, doc); err != nil {
		return nil, err
	}
	return c, nil
}

// checkPaths refuses records.dir, close.postmortem_dir and
// release.version_files when the file system under root leads them outside
// it; errors name the key and line.
func (c *Config) checkPaths(root string, doc *yaml.Node) error {
	type pathKey struct {
		path    []interface{}
		key     string
		value   string
		noLinks bool
	}
	keys := []pathKey{
		{[]interface{}{"records", "dir"}, "records.dir", c.Records.Dir, true},
		{[]interface{}{"close", "postmortem_dir"}, "close.postmortem_dir", c.Close.PostmortemDir, false},
	}
	for i, f := range c.Release.VersionFiles {
		keys = append(keys, pathKey{[]interface{}{"release", "version_files", i}, "release.version_files", f, false})
	}
	for _, k := range keys {
		if err := pathsafe.Check(root, k.value, k.noLinks); err != nil {
			e := &strictyaml.Error{File: FileName, Msg: fmt.Sprintf("%s %q: %v", k.key, k.value, err)}
			if len(doc.Content) > 0 && present(doc, k.path[:2]...) {
				e.Line = strictyaml.Line(doc, k.path...)
			}
			return e
		}
	}
	return nil
}

// present reports whether the mapping keys of path are all in doc.
func present(doc *yaml.Node, path ...interface{}) bool {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, p := range path {
		key, _ := p.(string)
		if n.Kind != yaml.MappingNode {
			return false
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				n, found = n.Content[i+1], true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Parse decodes a config document strictly over the defaults; name is used
// in error messages.
func Parse(name string, data []byte) (*Config, error) {
	c, _, err := parse(name, data)
	return c, err
}

func parse(name string, data []byte) (*Config, *yaml.Node, error) {
	// A newer file may use keys this build does not know: its version is
	// checked before strict decoding, so that it asks for an upgrade
	// rather than reporting an unknown key.
	var node yaml.Node
	if len(data) <= strictyaml.MaxSize && yaml.Unmarshal(data, &node) == nil && len(node.Content) > 0 {
		var probe struct {
			Version int `yaml:"version"`
		}
		if node.Decode(&probe) == nil && probe.Version > CurrentVersion {
			return nil, nil, &strictyaml.Error{File: name, Line: strictyaml.Line(&node, "version"),
				Msg: fmt.Sprintf("version %d is newer than this hotfix understands (%d); upgrade hotfix", probe.Version, CurrentVersion)}
		}
	}
	c := Default()
	// Severities in the file replace the default list as a whole.
	var probe struct {
		Severities yaml.Node `yaml:"severities"`
	}
	if len(data) <= strictyaml.MaxSize { // Decode refuses a bigger one; do not parse it here first
		_ = yaml.Unmarshal(data, &probe)
	}
	if probe.Severities.Kind != 0 {
		c.Severities = nil
	}
	doc, err := strictyaml.Decode(name, data, c)
	if err != nil {
		return nil, nil, err
	}
	for i := range c.Severities {
		if c.Severities[i].UpdateInterval == 0 {
			c.Severities[i].UpdateInterval = Duration(time.Hour)
		}
	}
	emptyLists(reflect.ValueOf(c).Elem())
	if err := c.validate(); err != nil {
		e := &strictyaml.Error{File: name, Msg: err.Error()}
		var inv *invalid
		if errors.As(err, &inv) && len(doc.Content) > 0 {
			e.Line = strictyaml.Line(doc, inv.path...)
		}
		return nil, nil, e
	}
	return c, doc, nil
}

// emptyLists gives every list of strings in v (a struct) one form for
// "empty": `exclude:` with no value and `exclude: []` mean the same and
// must load the same, so that a config written by Marshal loads back
// equal. A list Marshal leaves out when empty (omitempty) is nil when
// empty; the others are an empty list.
func emptyLists(v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		f, field := v.Field(i), v.Type().Field(i)
		if !f.CanSet() {
			continue
		}
		switch {
		case f.Kind() == reflect.Struct:
			emptyLists(f)
		case f.Kind() != reflect.Slice || f.Type().Elem().Kind() != reflect.String || f.Len() > 0:
		case strings.Contains(field.Tag.Get("yaml"), ",omitempty"):
			f.Set(reflect.Zero(f.Type()))
		default:
			f.Set(reflect.MakeSlice(f.Type(), 0, 0))
		}
	}
}

// Marshal renders c as YAML.
func (c *Config) Marshal() ([]byte, error) { return strictyaml.Marshal(c) }
