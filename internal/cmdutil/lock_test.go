package cmdutil

import (
	"testing"

	"github.com/spf13/cobra"
)

// Every class survives the annotation: what SetLock writes, LockOf reads.
func TestLockClasses(t *testing.T) {
	for _, tc := range []struct {
		l    Lock
		want string
	}{
		{LockNever, "never"},
		{LockAlways, "always"},
		{LockIf("record"), "if --record"},
		{LockUnless("no-record"), "unless --no-record"},
		{LockOptionalUnless("no-record"), "unless --no-record, optional"},
		{Lock{Takes: true, Flag: "record", When: true, Optional: true}, "if --record, optional"},
	} {
		if got := tc.l.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.l, got, tc.want)
		}
		cmd := &cobra.Command{Use: "x"}
		SetLock(cmd, tc.l)
		if got, ok := LockOf(cmd); !ok || got != tc.l {
			t.Errorf("%q: read back %+v %v", tc.want, got, ok)
		}
	}
	if l := LockUnless("no-record"); !l.Takes || l.When || l.Flag != "no-record" || l.Optional {
		t.Errorf("LockUnless: %+v", l)
	}
	if l := LockIf("record"); !l.Takes || !l.When || l.Flag != "record" {
		t.Errorf("LockIf: %+v", l)
	}
}

// A command that declared nothing is not classified; a damaged annotation
// locks, to be safe.
func TestLockOfUndeclared(t *testing.T) {
	if l, ok := LockOf(&cobra.Command{Use: "help"}); ok || l.Takes {
		t.Errorf("undeclared: %+v %v", l, ok)
	}
	cmd := &cobra.Command{Use: "x", Annotations: map[string]string{LockAnnotation: "sometimes"}}
	if l, ok := LockOf(cmd); !ok || l != LockAlways {
		t.Errorf("damaged: %+v %v", l, ok)
	}
	for _, bad := range []string{"", "never, optional", "if --", "unless --", "always,optional"} {
		if _, err := ParseLock(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
