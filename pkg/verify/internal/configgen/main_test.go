package main

import (
	"os"
	"testing"

	"github.com/hotfix-dev/hotfix/pkg/verify"
)

// The checked-in pkg/config/rules.go is what the registry generates: a rule
// added, removed or made default without `go generate ./pkg/verify` fails
// here.
func TestConfigRulesAreCurrent(t *testing.T) {
	want, err := render(verify.Rules())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../../config/rules.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatalf("pkg/config/rules.go is out of date with pkg/verify's rules; run `go generate ./pkg/verify` and commit the result. It should read:\n%s", want)
	}
}
