package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/hotfix-dev/hotfix/pkg/strictyaml"
	"gopkg.in/yaml.v3"
)

// Load reads .hotfix.yaml from the repository root dir. A missing file gives
// the defaults; a present one is decoded strictly over them.
func Load(dir string) (*Config, error) {
	path := filepath.Join(dir, FileName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, err
	}
	return Parse(FileName, data)
}

// Parse decodes a config document strictly over the defaults; name is used
// in error messages.
func Parse(name string, data []byte) (*Config, error) {
	c := Default()
	// Severities in the file replace the default list as a whole.
	var probe struct {
		Severities yaml.Node `yaml:"severities"`
	}
	_ = yaml.Unmarshal(data, &probe)
	if probe.Severities.Kind != 0 {
		c.Severities = nil
	}
	doc, err := strictyaml.Decode(name, data, c)
	if err != nil {
		return nil, err
	}
	for i := range c.Severities {
		if c.Severities[i].UpdateInterval == 0 {
			c.Severities[i].UpdateInterval = Duration(time.Hour)
		}
	}
	if err := c.validate(); err != nil {
		e := &strictyaml.Error{File: name, Msg: err.Error()}
		var inv *invalid
		if errors.As(err, &inv) && len(doc.Content) > 0 {
			e.Line = strictyaml.Line(doc, inv.path...)
		}
		return nil, e
	}
	return c, nil
}

// Marshal renders c as YAML.
func (c *Config) Marshal() ([]byte, error) { return strictyaml.Marshal(c) }
