package record

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/hotfix-dev/hotfix/pkg/strictyaml"
)

// MaxText is the longest free-text field hotfix accepts as input (an
// answer, a hypothesis, its evidence, a repro or dataset note, an update
// message): 64 KiB. Longer text belongs in a file the record links to.
const MaxText = 64 << 10

// MaxSize is the largest record file hotfix reads (and so writes).
const MaxSize = strictyaml.MaxSize

// ErrTooLarge is returned by Store.Save for a record that would be larger
// than MaxSize, and by CheckText for a field longer than MaxText.
var ErrTooLarge = errors.New("too large")

// CheckText refuses a free-text input longer than MaxText, naming field
// (as the user gave it: "--message", "incident.summary").
func CheckText(field, value string) error {
	if len(value) <= MaxText {
		return nil
	}
	return fmt.Errorf("%w: %s is %d bytes; the limit is %d bytes (64 KiB): shorten it, and put long text (logs, traces) in a file and give its path",
		ErrTooLarge, field, len(value), MaxText)
}

// CheckTexts applies CheckText to every string field of v (a struct or a
// pointer to one), naming each by prefix and its YAML key.
func CheckTexts(prefix string, v any) error {
	for _, t := range texts(prefix, reflect.ValueOf(v)) {
		if err := CheckText(t.path, t.value); err != nil {
			return err
		}
	}
	return nil
}

type text struct {
	path, value string
}

// texts lists the strings in v with their YAML paths.
func texts(path string, v reflect.Value) []text {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return texts(path, v.Elem())
	case reflect.String:
		return []text{{path, v.String()}}
	case reflect.Slice, reflect.Array:
		var out []text
		for i := 0; i < v.Len(); i++ {
			out = append(out, texts(fmt.Sprintf("%s[%d]", path, i), v.Index(i))...)
		}
		return out
	case reflect.Map:
		var out []text
		for _, k := range v.MapKeys() {
			out = append(out, texts(fmt.Sprintf("%s.%v", path, k.Interface()), v.MapIndex(k))...)
		}
		return out
	case reflect.Struct:
		var out []text
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			p := path
			switch {
			case name == "-":
				continue
			case name == "" && f.Anonymous:
			case name == "":
				p = join(path, strings.ToLower(f.Name))
			default:
				p = join(path, name)
			}
			out = append(out, texts(p, v.Field(i))...)
		}
		return out
	}
	return nil
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// tooLarge is Save's refusal of a record of size bytes, naming its
// longest texts.
func tooLarge(r *Record, rel string, size int) error {
	all := texts("", reflect.ValueOf(r))
	sort.SliceStable(all, func(i, j int) bool { return len(all[i].value) > len(all[j].value) })
	var longest []string
	for i := 0; i < len(all) && i < 3; i++ {
		longest = append(longest, fmt.Sprintf("%s (%d bytes)", all[i].path, len(all[i].value)))
	}
	return fmt.Errorf("%w: %s would be %d bytes, and hotfix reads records up to %d bytes; nothing was written: shorten the longest texts: %s",
		ErrTooLarge, rel, size, MaxSize, strings.Join(longest, ", "))
}
